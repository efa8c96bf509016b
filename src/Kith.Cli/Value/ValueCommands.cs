using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kith.Core;
using Kith.Core.Value;
using Kith.Data.Segments;
using Kith.Data.Store;
using Kith.Data.Value;
using Spectre.Console;

namespace Kith.Cli.Value;

/// <summary>
/// <c>kith report value</c> and <c>kith export rfm</c>: RFM, lifecycle stages and value tiers as of a date,
/// computed from the store's orders (definitions in docs/metrics.md).
/// </summary>
public static class ValueCommands
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private sealed class Common
    {
        public Option<DateOnly?> AsOf { get; } = new("--as-of") { Description = "Compute as of the end of this day (YYYY-MM-DD); default today" };
        public Option<string> TimeZone { get; } = KithCommandLine.TimeZoneOption();
        public Option<bool> Calibrate { get; } = new("--calibrate") { Description = "Choose lifecycle windows that split the buyers 3:3:3:1 (active : silent : sleeping : churned)" };
        public Option<string?> Windows { get; } = new("--windows") { Description = "Lifecycle windows ACTIVE,SILENT,SLEEPING in days since the last purchase (default 45,90,140)" };

        public void AddTo(Command command)
        {
            command.Options.Add(AsOf);
            command.Options.Add(TimeZone);
            command.Options.Add(Calibrate);
            command.Options.Add(Windows);
            Windows.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<string?>() is { } w && ParseWindows(w) is null)
                {
                    r.AddError($"--windows: '{w}' is not three whole numbers of days 0 ≤ active ≤ silent ≤ sleeping, e.g. 45,90,140");
                }
            });
        }

        public async Task<(KithStore Store, OrderFacts Facts, ValueResult Result)> ComputeAsync(ParseResult parse, CancellationToken ct)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(TimeZone)!);
            var asOf = parse.GetValue(AsOf) ?? Timestamps.DayIn(DateTimeOffset.UtcNow, zone);
            var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
            await store.MigrateAsync(ct);
            var facts = await ReadOrdersAsync(store, zone, ct);
            var options = new ValueOptions
            {
                Calibrate = parse.GetValue(Calibrate),
                Windows = parse.GetValue(Windows) is { } w ? ParseWindows(w)! : LifecycleWindows.Default,
            };
            return (store, facts, ValueEngine.Compute(facts, asOf, options));
        }
    }

    public static Command CreateReport()
    {
        var common = new Common();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables" };
        var value = new Command("value", "RFM groups, the R × F grid, lifecycle stages and value tiers as of a date") { json };
        common.AddTo(value);
        value.SetAction(async (parse, ct) =>
        {
            var (_, facts, result) = await common.ComputeAsync(parse, ct);
            var report = Summarise(facts, result);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, JsonSerializerOptions.Web));
            }
            else
            {
                Print(report);
            }

            return 0;
        });
        return new Command("report", "Reports on the store's customers") { value, CreateCohorts(), CreateFlow() };
    }

    public static Command CreateExport()
    {
        var common = new Common();
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write", Required = true };
        var rfm = new Command("rfm", "Every customer's RFM, scores, RFM group, lifecycle stage and tier as CSV") { output };
        common.AddTo(rfm);
        rfm.SetAction(async (parse, ct) =>
        {
            var (_, facts, result) = await common.ComputeAsync(parse, ct);
            var file = parse.GetValue(output)!;
            await using (var writer = new StreamWriter(file.FullName, false, new UTF8Encoding(false)))
            {
                await writer.WriteLineAsync("customer_id,recency_days,frequency,monetary,r_score,f_score,m_score,rfm_group,lifecycle,tier");
                for (var i = 0; i < facts.CustomerCount; i++)
                {
                    var v = result.Values[i];
                    await writer.WriteLineAsync(string.Join(',',
                        Csv(facts.ExternalIds[i]), v.RecencyDays?.ToString(Invariant), v.Frequency.ToString(Invariant),
                        v.Monetary.ToString("0.00##", Invariant), v.RScore?.ToString(Invariant), v.FScore?.ToString(Invariant),
                        v.MScore?.ToString(Invariant), ValueNames.Of(v.Group), ValueNames.Of(v.Lifecycle), ValueNames.Of(v.Tier)));
                }
            }

            AnsiConsole.MarkupLineInterpolated(Invariant, $"{facts.CustomerCount:N0} customers ({result.Buyers:N0} buyers) as of {result.AsOf:yyyy-MM-dd} → {file.FullName}");
            return 0;
        });
        return new Command("export", "Export computed values") { rfm, CreateTagsExport() };
    }

    /// <summary>Reads the paid orders, with a spinner only on a terminal: redirected output (--json, scripts) stays clean.</summary>
    internal static Task<OrderFacts> ReadOrdersAsync(KithStore store, TimeZoneInfo zone, CancellationToken ct) =>
        Console.IsOutputRedirected
            ? OrderFactsLoader.LoadAsync(store, zone, null, ct)
            : AnsiConsole.Status().StartAsync("reading orders…", ctx =>
                OrderFactsLoader.LoadAsync(store, zone, new Progress<long>(n => ctx.Status(string.Create(Invariant, $"reading orders… {n:N0}"))), ct));

    private static async Task<OrderFacts> LoadFactsAsync(ParseResult parse, Option<string> zone, CancellationToken ct)
    {
        var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
        await store.MigrateAsync(ct);
        return await OrderFactsLoader.LoadAsync(store, TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(zone)!), null, ct);
    }

    private static Command CreateCohorts()
    {
        var asOf = new Option<DateOnly>("--as-of") { Description = "Last day counted (YYYY-MM-DD)", Required = true };
        var zone = KithCommandLine.TimeZoneOption();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("cohorts", "Retention by first-purchase month: the share of each cohort buying again k months later") { asOf, zone, json };
        command.SetAction(async (parse, ct) =>
        {
            var report = CohortAnalysis.Retention(await LoadFactsAsync(parse, zone, ct), parse.GetValue(asOf));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, JsonSerializerOptions.Web));
                return 0;
            }

            // As many month columns as the terminal holds (13 = a year after the first month); --json has them all.
            var fits = Math.Max(2, (AnsiConsole.Profile.Width - 24) / 7);
            var width = Math.Min(Math.Min(13, fits), report.Cohorts.Count == 0 ? 1 : report.Cohorts.Max(c => c.Retention.Length));
            var table = new Table().AddColumns("cohort", "customers");
            for (var k = 0; k < width; k++)
            {
                table.AddColumn(new TableColumn(string.Create(Invariant, $"+{k}")).RightAligned());
            }

            foreach (var c in report.Cohorts)
            {
                table.AddRow([c.Month.ToString("yyyy-MM", Invariant), c.Customers.ToString("N0", Invariant),
                    .. Enumerable.Range(0, width).Select(k => k < c.Retention.Length ? Shade(c.Retention[k]) : "")]);
            }

            AnsiConsole.Write(table.Caption("share of the cohort with a paid order k months after its first month"));
            return 0;
        });
        return command;
    }

    /// <summary>A retention cell, brighter the higher it is, so the heat map reads at a glance.</summary>
    private static string Shade(double share)
    {
        var colour = share >= 0.5 ? "green" : share >= 0.2 ? "yellow" : share >= 0.05 ? "orange3" : "grey";
        return $"[{colour}]{share.ToString("P0", Invariant)}[/]";
    }

    private static Command CreateFlow()
    {
        var from = new Option<DateOnly>("--from") { Description = "First date (YYYY-MM-DD)", Required = true };
        var to = new Option<DateOnly>("--to") { Description = "Second date (YYYY-MM-DD)", Required = true };
        var zone = KithCommandLine.TimeZoneOption();
        var calibrate = new Option<bool>("--calibrate") { Description = "Calibrate the windows 3:3:3:1 on each date" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("flow", "How many customers moved from each lifecycle stage on one date to each stage on another") { from, to, zone, calibrate, json };
        command.Validators.Add(r =>
        {
            if (r.GetValue(to) < r.GetValue(from))
            {
                r.AddError("--to must not be before --from");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var flow = CohortAnalysis.Flow(await LoadFactsAsync(parse, zone, ct), parse.GetValue(from), parse.GetValue(to), new ValueOptions { Calibrate = parse.GetValue(calibrate) });
            var stages = Enum.GetValues<LifecycleStage>().Select(ValueNames.Of).ToArray();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    new { from = flow.From, to = flow.To, stages, counts = flow.Counts, fromWindows = flow.FromWindows, toWindows = flow.ToWindows },
                    JsonSerializerOptions.Web));
                return 0;
            }

            var table = new Table().AddColumn(string.Create(Invariant, $"{flow.From:yyyy-MM-dd} \\ {flow.To:yyyy-MM-dd}"));
            foreach (var stage in stages)
            {
                table.AddColumn(new TableColumn(stage).RightAligned());
            }

            for (var i = 0; i < stages.Length; i++)
            {
                table.AddRow([stages[i], .. flow.Counts[i].Select(c => c.ToString("N0", Invariant))]);
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command CreateTagsExport()
    {
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write", Required = true };
        var zone = KithCommandLine.TimeZoneOption();
        var categories = new CategoryStageOptions();
        var command = new Command("tags", "Every customer's preference tags (top categories and brands, price band, promotion sensitivity, channel, active hours, repurchase cycles, and stages per category when asked) as CSV") { output, zone };
        foreach (var option in categories.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
            await store.MigrateAsync(ct);
            var timeZone = TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(zone)!);
            var result = await PreferenceLoader.ComputeAsync(store, timeZone, ct, categories.From(parse, timeZone));
            CategoryStageOptions.Report(result.CategoryWindows);
            var file = parse.GetValue(output)!;
            await using (var writer = new StreamWriter(file.FullName, false, new UTF8Encoding(false)))
            {
                await writer.WriteLineAsync("customer_id,top_categories,top_brands,price_band,promotion_share,promotion_sensitivity,preferred_channel,active_hours,repurchase_cycle_days,category_stages");
                for (var i = 0; i < result.Tags.Length; i++)
                {
                    var t = result.Tags[i];
                    await writer.WriteLineAsync(string.Join(',',
                        Csv(result.ExternalIds[i]), Csv(string.Join('|', t.TopCategories)), Csv(string.Join('|', t.TopBrands)), t.PriceBand,
                        t.PromotionShare.ToString("0.###", Invariant), t.PromotionSensitivity, Csv(t.PreferredChannel ?? ""),
                        string.Join('|', t.ActiveHours), Csv(string.Join('|', t.RepurchaseCycleDays.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(Invariant, $"{p.Key}:{p.Value}")))),
                        Csv(string.Join('|', t.CategoryStages.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{ValueNames.Of(p.Value)}")))));
                }
            }

            AnsiConsole.MarkupLineInterpolated(Invariant, $"Preference tags of {result.Tags.Length:N0} customers → {file.FullName}");
            return 0;
        });
        return command;
    }

    public static Command CreateRecompute()
    {
        var common = new Common();
        var command = new Command("recompute", "Compute every customer's RFM, lifecycle stage and tier as of a date and store them (current values and a dated snapshot)");
        common.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var (store, facts, result) = await common.ComputeAsync(parse, ct);
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("writing values", maxValue: Math.Max(1, CustomerValueWriter.RowsFor(facts)));
                    await CustomerValueWriter.WriteAsync(store, facts, result, new SynchronousProgress<int>(rows => task.Value = rows), ct);
                    task.Value = task.MaxValue;
                });
            var report = Summarise(facts, result);
            var w = report.Windows;
            AnsiConsole.MarkupLineInterpolated(Invariant, $"Stored the values of {report.Customers:N0} customers ({report.Buyers:N0} buyers) as of {report.AsOf}; windows {w.Active}/{w.Silent}/{w.Sleeping} days{(w.Calibrated ? " (calibrated)" : "")}.");
            AnsiConsole.MarkupLineInterpolated(Invariant, $"Lifecycle: {string.Join(", ", report.Lifecycle.Select(l => $"{l.Key} {l.Value:N0}"))}.");

            // Segments read the values just stored: bring their membership up to date as of the same day.
            if (await new SegmentCatalog(store).ListAsync(ct) is { Count: > 0 })
            {
                var zone = TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(common.TimeZone)!);
                var profiles = await SegmentProfilesLoader.LoadAsync(store, result.AsOf, zone, null, ct);
                await Segments.SegmentCommand.MaterializeAllAsync(store, profiles, ct);
            }

            return 0;
        });
        return command;
    }

    public static Command CreateKpis()
    {
        var from = new Option<DateOnly>("--from") { Description = "First day of the period (YYYY-MM-DD)", Required = true };
        var to = new Option<DateOnly>("--to") { Description = "Last day of the period (YYYY-MM-DD), included", Required = true };
        var timeZone = KithCommandLine.TimeZoneOption();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("kpis", "GMV, orders, customers, AOV, ARPU, repurchase and reactivation rates for a period (docs/metrics.md)") { from, to, timeZone, json };
        command.Validators.Add(r =>
        {
            if (r.GetValue(to) < r.GetValue(from))
            {
                r.AddError("--to must not be before --from");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var kpis = Kpis.Compute(await LoadFactsAsync(parse, timeZone, ct), parse.GetValue(from), parse.GetValue(to));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(kpis, JsonSerializerOptions.Web));
                return 0;
            }

            var table = new Table().AddColumns("KPI", "value").Title(string.Create(Invariant, $"{kpis.From:yyyy-MM-dd} – {kpis.To:yyyy-MM-dd}"));
            void Row(string name, string value) => table.AddRow(name, value);
            Row("GMV (paid, net of refunds)", kpis.Gmv.ToString("N2", Invariant));
            Row("orders", kpis.Orders.ToString("N0", Invariant));
            Row("customers (buyers)", kpis.Customers.ToString("N0", Invariant));
            Row("AOV = GMV / orders", kpis.Aov.ToString("N2", Invariant));
            Row("客单价 = GMV / customers", kpis.SpendPerCustomer.ToString("N2", Invariant));
            Row("ARPU = GMV / customer base", kpis.Arpu.ToString("N2", Invariant));
            Row("repurchase rate", kpis.RepurchaseRate.ToString("P1", Invariant));
            Row("repurchase within 45 days", kpis.Repurchase45Rate.ToString("P1", Invariant));
            var b = kpis.PurchaseRateBySinceLastOrder;
            Row("bought again, 45–90 d since last order", string.Create(Invariant, $"{b.Days45To90.Rate:P1} of {b.Days45To90.Customers:N0}"));
            Row("bought again, 90–140 d since last order", string.Create(Invariant, $"{b.Days90To140.Rate:P1} of {b.Days90To140.Customers:N0}"));
            Row("bought again, 140+ d since last order", string.Create(Invariant, $"{b.Days140Plus.Rate:P1} of {b.Days140Plus.Customers:N0}"));
            Row("rolling 12-month customers", kpis.Rolling12MonthCustomers.ToString("N0", Invariant));
            Row("  of whom returning", kpis.Rolling12MonthReturningShare.ToString("P1", Invariant));
            Row("GMV share of the top 5%", kpis.Top5PercentGmvShare.ToString("P1", Invariant));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    public sealed record ValueReport(
        string AsOf, int Customers, int Buyers, int Orders, decimal Monetary,
        WindowsReport Windows, IDictionary<string, int> Lifecycle, IDictionary<string, int> Tiers, double HighValueGmvShare,
        IDictionary<string, int> RfmGroups, int[][] GridCustomers, decimal[][] GridMonetary);

    public sealed record WindowsReport(int Active, int Silent, int Sleeping, bool Calibrated);

    public static ValueReport Summarise(OrderFacts facts, ValueResult result)
    {
        var (customers, monetary) = result.Grid();
        return new ValueReport(
            result.AsOf.ToString("yyyy-MM-dd", Invariant),
            facts.CustomerCount,
            result.Buyers,
            result.Values.Sum(v => v.Frequency),
            result.TotalMonetary,
            new WindowsReport(result.Windows.Active, result.Windows.Silent, result.Windows.Sleeping, result.Calibrated),
            Enum.GetValues<LifecycleStage>().ToDictionary(ValueNames.Of, s => result.Values.Count(v => v.Lifecycle == s)),
            Enum.GetValues<ValueTier>().Where(t => t != ValueTier.None).ToDictionary(ValueNames.Of, t => result.Values.Count(v => v.Tier == t)),
            Math.Round(result.HighValueShare, 4),
            Enum.GetValues<RfmGroup>().Where(g => g != RfmGroup.None).ToDictionary(ValueNames.Of, g => result.Values.Count(v => v.Group == g)),
            Rows(customers),
            Rows(monetary));
    }

    private static T[][] Rows<T>(T[,] grid) =>
        Enumerable.Range(0, 5).Select(r => Enumerable.Range(0, 5).Select(f => grid[r, f]).ToArray()).ToArray();

    private static void Print(ValueReport report)
    {
        AnsiConsole.MarkupLineInterpolated(Invariant, $"[bold]Customer value as of {report.AsOf}[/]: {report.Customers:N0} customers, {report.Buyers:N0} buyers, {report.Orders:N0} paid orders, monetary {report.Monetary:N2}");
        var w = report.Windows;
        AnsiConsole.MarkupLineInterpolated(Invariant, $"Lifecycle windows ({(w.Calibrated ? "calibrated 3:3:3:1" : "fixed")}): active ≤ {w.Active} d < silent ≤ {w.Silent} d < sleeping ≤ {w.Sleeping} d < churned");
        var buyers = Math.Max(1, report.Buyers);
        var stages = new Table().AddColumns("lifecycle", "customers", "% of buyers");
        foreach (var (stage, count) in report.Lifecycle)
        {
            stages.AddRow(stage, count.ToString("N0", Invariant), stage == "prospect" ? "" : (100.0 * count / buyers).ToString("0.0", Invariant));
        }

        var tiers = new Table().AddColumns("tier", "customers");
        foreach (var (tier, count) in report.Tiers)
        {
            tiers.AddRow(tier, count.ToString("N0", Invariant));
        }

        tiers.Caption($"high-value customers hold {report.HighValueGmvShare:P1} of the value");
        var groups = new Table().AddColumns("RFM group", "customers");
        foreach (var (group, count) in report.RfmGroups.OrderByDescending(g => g.Value))
        {
            groups.AddRow(group, count.ToString("N0", Invariant));
        }

        var grid = new Table().AddColumn("R \\ F");
        for (var f = 1; f <= 5; f++)
        {
            grid.AddColumn(new TableColumn(f.ToString(Invariant)).RightAligned());
        }

        for (var r = 5; r >= 1; r--)
        {
            grid.AddRow([r.ToString(Invariant), .. report.GridCustomers[r - 1].Select(c => c.ToString("N0", Invariant))]);
        }

        AnsiConsole.Write(new Columns(stages, tiers));
        AnsiConsole.Write(new Columns(groups, grid));
    }

    private static LifecycleWindows? ParseWindows(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 3 || !parts.All(p => int.TryParse(p, NumberStyles.None, Invariant, out _)))
        {
            return null;
        }

        var w = new LifecycleWindows(int.Parse(parts[0], Invariant), int.Parse(parts[1], Invariant), int.Parse(parts[2], Invariant));
        return w.Active <= w.Silent && w.Silent <= w.Sleeping ? w : null;
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
