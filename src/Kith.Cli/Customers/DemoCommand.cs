using System.CommandLine;
using System.Globalization;
using Kith.Core.Customers.Demo;
using Kith.Data.Customers;
using Kith.Data.Segments;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Kith.Cli.Customers;

/// <summary><c>kith demo --customers N [--seed S] [--as-of DATE] [--export DIR]</c>: a realistic, deterministic demo store.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "How many customers", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Same seed, same store", DefaultValueFactory = _ => 42 };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "The store's 'today' (default 2026-11-01, so output does not depend on the clock)" };
        var export = new Option<DirectoryInfo?>("--export") { Description = "Write Kith CSV files (customers, products, orders, events) to DIR instead of a store" };
        var noEvents = new Option<bool>("--no-events") { Description = "Skip behaviour events (smaller, for import benchmarks)" };
        var command = new Command("demo", "Generate a realistic demo store (deterministic for a seed)") { customers, seed, asOf, export, noEvents };
        // On the option, not the command: a command validator reads 0 for an option left at its default.
        customers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 20_000_000)
            {
                r.AddError("--customers must be between 1 and 20,000,000");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var demo = new DemoStore(parse.GetValue(customers), parse.GetValue(seed), parse.GetValue(asOf) ?? DemoStore.DefaultAsOf);
            var events = !parse.GetValue(noEvents);
            DemoStoreWriter.Totals totals;
            if (parse.GetValue(export) is { } dir)
            {
                totals = await WithProgressAsync(demo, $"demo → {dir.FullName}", p => DemoStoreWriter.ToCsvAsync(demo, dir.FullName, events, p, ct));
            }
            else
            {
                var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
                await store.MigrateAsync(ct);
                totals = await WithProgressAsync(demo, $"demo → {store.Location.Describe()}", p => DemoStoreWriter.ToStoreAsync(demo, store, TimeProvider.System, events, p, ct));
            }

            PrintTotals(totals);
            return 0;
        });
        return command;
    }

    /// <summary>For <c>kith serve --demo</c>: fills the store with a demo store only if it has no customers.</summary>
    /// <summary>Sample segments of a demo store (the SPEC §3 examples); the server materialises them once values are computed.</summary>
    private static readonly (string Name, string Rule)[] DemoSegments =
    [
        ("Active repeat buyers · 活跃复购客户", "recency_days <= 90 and orders >= 2 and spend >= 300"),
        ("High value, sleeping · 高价值沉睡客户", "tier = \"high_value\" and lifecycle = \"sleeping\""),
        ("Viewed again and again, did not buy · 反复浏览未购买", "events(\"view_product\", 30d, same_product, not_bought) >= 3"),
        ("Birthday this week · 本周生日", "days_to_birthday <= 7"),
    ];

    public static async Task FillIfEmptyAsync(KithStore store, int customers, int seed, DateOnly asOf, CancellationToken ct)
    {
        await using (var db = store.CreateContext())
        {
            if (await db.Customers.AnyAsync(ct))
            {
                AnsiConsole.MarkupLine("The store already has customers; the demo store is not added.");
                return;
            }
        }

        var demo = new DemoStore(customers, seed, asOf);
        var totals = await WithProgressAsync(demo, "demo store", p => DemoStoreWriter.ToStoreAsync(demo, store, TimeProvider.System, events: true, p, ct));
        PrintTotals(totals);
        var catalog = new SegmentCatalog(store);
        foreach (var (name, rule) in DemoSegments)
        {
            await catalog.CreateAsync(name, rule, null, "demo", DateTimeOffset.UtcNow, ct);
        }
    }

    private static Task<DemoStoreWriter.Totals> WithProgressAsync(DemoStore demo, string title, Func<IProgress<int>, Task<DemoStoreWriter.Totals>> run) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: demo.CustomerCount);
                return await run(new SynchronousProgress<int>(done => task.Value = done));
            });

    private static void PrintTotals(DemoStoreWriter.Totals t)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table().AddColumn("demo store").AddColumn(new TableColumn("count").RightAligned());
        table.AddRow("customers", t.Customers.ToString("N0", c));
        table.AddRow("products", t.Products.ToString("N0", c));
        table.AddRow("orders", t.Orders.ToString("N0", c));
        table.AddRow("order lines", t.OrderLines.ToString("N0", c));
        table.AddRow("events", t.Events.ToString("N0", c));
        table.AddRow("GMV (CNY, paid net of refunds)", t.Gmv.ToString("N2", c));
        AnsiConsole.Write(table);
    }
}
