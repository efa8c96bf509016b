using System.CommandLine;
using System.Globalization;
using Kith.Core;
using Kith.Data.Store;
using Kith.Data.Value;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Kith.Cli.Value;

/// <summary><c>kith tag add|remove|list|refresh</c>: operators' manual tags and the computed preference tags.</summary>
public static class TagCommand
{
    public static Command Create()
    {
        var customer = new Argument<string>("CUSTOMER") { Description = "The store's customer id" };
        var tags = new Argument<string[]>("TAG") { Description = "Tags, e.g. vip \"KOL 达人\"", Arity = ArgumentArity.OneOrMore };
        var add = new Command("add", "Add manual tags to a customer") { customer, tags };
        add.SetAction(async (parse, ct) =>
        {
            var names = parse.GetValue(tags)!.Select(t => t.Trim()).ToArray();
            if (names.FirstOrDefault(t => t.Length is 0 or > CustomerTag.MaxLength) is { } bad)
            {
                Console.Error.WriteLine($"TAG '{bad}': a tag has 1 to {CustomerTag.MaxLength} characters");
                return 2;
            }

            await using var db = await OpenAsync(parse, ct);
            if (await FindAsync(db, parse.GetValue(customer)!, ct) is not { } id)
            {
                return 1;
            }

            var existing = await db.CustomerTags.Where(t => t.CustomerId == id && names.Contains(t.Tag)).ToListAsync(ct);
            foreach (var tag in existing)
            {
                tag.Source = CustomerTag.Manual; // an operator confirming a computed tag keeps it through refreshes
            }

            var now = Timestamps.Normalize(DateTimeOffset.UtcNow);
            db.CustomerTags.AddRange(names.Distinct().Except(existing.Select(t => t.Tag)).Select(t => new CustomerTag { CustomerId = id, Tag = t, Source = CustomerTag.Manual, CreatedAt = now }));
            await db.SaveChangesAsync(ct);
            return 0;
        });

        var removeTags = new Argument<string[]>("TAG") { Description = "Tags to remove", Arity = ArgumentArity.OneOrMore };
        var remove = new Command("remove", "Remove tags from a customer") { customer, removeTags };
        remove.SetAction(async (parse, ct) =>
        {
            await using var db = await OpenAsync(parse, ct);
            if (await FindAsync(db, parse.GetValue(customer)!, ct) is not { } id)
            {
                return 1;
            }

            var names = parse.GetValue(removeTags)!;
            await db.CustomerTags.Where(t => t.CustomerId == id && names.Contains(t.Tag)).ExecuteDeleteAsync(ct);
            return 0;
        });

        var list = new Command("list", "A customer's tags, manual and computed") { customer };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await OpenAsync(parse, ct);
            if (await FindAsync(db, parse.GetValue(customer)!, ct) is not { } id)
            {
                return 1;
            }

            var table = new Table().AddColumns("tag", "source");
            foreach (var t in await db.CustomerTags.Where(t => t.CustomerId == id).OrderBy(t => t.Source).ThenBy(t => t.Tag).ToListAsync(ct))
            {
                table.AddRow(Markup.Escape(t.Tag), t.Source);
            }

            AnsiConsole.Write(table);
            return 0;
        });

        var zone = KithCommandLine.TimeZoneOption();
        var categories = new CategoryStageOptions();
        var refresh = new Command("refresh", "Recompute the preference tags of every customer (manual tags are kept); with --category-windows or --calibrate-categories also a lifecycle stage per category (stage:CATEGORY:STAGE)") { zone };
        foreach (var option in categories.All)
        {
            refresh.Options.Add(option);
        }

        refresh.SetAction(async (parse, ct) =>
        {
            var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
            await store.MigrateAsync(ct);
            var timeZone = TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(zone)!);
            var result = await PreferenceLoader.ComputeAsync(store, timeZone, ct, categories.From(parse, timeZone));
            CategoryStageOptions.Report(result.CategoryWindows);
            var written = await CustomerTagWriter.ReplaceComputedAsync(store, result, TimeProvider.System, ct);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{written:N0} computed tags on {result.Tags.Length:N0} customers.");
            return 0;
        });

        return new Command("tag", "Customer tags: add, remove and list manual tags; refresh computed ones") { add, remove, list, refresh };
    }

    private static async Task<KithDbContext> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
        await store.MigrateAsync(ct);
        return store.CreateContext();
    }

    private static async Task<long?> FindAsync(KithDbContext db, string externalId, CancellationToken ct)
    {
        var id = await db.Customers.Where(c => c.ExternalId == externalId).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (id is null)
        {
            Console.Error.WriteLine($"CUSTOMER: no customer '{externalId}' in the store");
        }

        return id;
    }
}
