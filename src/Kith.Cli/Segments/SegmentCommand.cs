using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kith.Core;
using Kith.Core.Segments;
using Kith.Data.Segments;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Kith.Cli.Segments;

/// <summary><c>kith segment count|create|upload|list|export|refresh|explain</c> (rule language: docs/segments.md).</summary>
public static class SegmentCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Exit code for a rule that does not parse.</summary>
    public const int BadRule = 2;

    private sealed class Common
    {
        public Option<DateOnly?> AsOf { get; } = new("--as-of") { Description = "Evaluate as of this day (YYYY-MM-DD): windows and date fields end here; default today" };
        public Option<string> TimeZone { get; } = KithCommandLine.TimeZoneOption();

        public void AddTo(Command command)
        {
            command.Options.Add(AsOf);
            command.Options.Add(TimeZone);
        }

        public TimeZoneInfo Zone(ParseResult parse) => TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(TimeZone)!);

        public DateOnly Day(ParseResult parse) =>
            parse.GetValue(AsOf) ?? Timestamps.DayIn(DateTimeOffset.UtcNow, Zone(parse));

        public async Task<(KithStore Store, SegmentProfiles Profiles)> LoadAsync(ParseResult parse, CancellationToken ct)
        {
            var store = await OpenAsync(parse, ct);
            var profiles = Console.IsOutputRedirected
                ? await SegmentProfilesLoader.LoadAsync(store, Day(parse), Zone(parse), null, ct)
                : await AnsiConsole.Status().StartAsync("reading customers…", async ctx =>
                    await SegmentProfilesLoader.LoadAsync(store, Day(parse), Zone(parse), new Progress<string>(what => ctx.Status($"reading {what}…")), ct));
            await WarnIfValuesMissingAsync(store, ct);
            return (store, profiles);
        }
    }

    /// <summary>
    /// Value fields (orders, spend, recency_days, tier, lifecycle…) come from <c>kith recompute</c>: on a store with orders
    /// but no computed values every such rule matches no one, which looks like a wrong answer unless said (on stderr, so
    /// that --json output stays clean).
    /// </summary>
    private static async Task WarnIfValuesMissingAsync(KithStore store, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        if (await db.Orders.AnyAsync(ct) && !await db.CustomerValues.AnyAsync(ct))
        {
            await Console.Error.WriteLineAsync(
                "warning: customer values have not been computed on this store, so value fields (orders, spend, recency_days, tier, lifecycle…) " +
                "match no one. Run `kith recompute` first (a running `kith serve` does it on its schedule).");
        }
    }

    private static async Task<KithStore> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
        await store.MigrateAsync(ct);
        return store;
    }

    public static Command Create() => new("segment", "Segments: count customers matching a rule, save and export segments (docs/segments.md)")
    {
        CreateCount(), CreateCreate(), CreateUpload(), CreateList(), CreateExport(), CreateRefresh(), CreateExplain(),
    };

    /// <summary>Prints a rule's problems with a caret under each position; returns the exit code.</summary>
    private static int Report(string rule, RuleException e)
    {
        var lines = rule.Split('\n');
        foreach (var p in e.Problems)
        {
            Console.Error.WriteLine($"error: {p}");
            if (p.At.Line - 1 < lines.Length)
            {
                Console.Error.WriteLine("  " + lines[p.At.Line - 1].TrimEnd('\r'));
                Console.Error.WriteLine("  " + new string(' ', Math.Max(0, p.At.Column - 1)) + "^");
            }
        }

        return BadRule;
    }

    private static Command CreateCount()
    {
        var common = new Common();
        var rule = new Argument<string>("rule") { Description = "The rule, e.g. \"recency_days <= 90 and orders >= 2\"" };
        var json = new Option<bool>("--json") { Description = "Print {\"count\":N,\"elapsedMs\":…} as JSON" };
        var sql = new Option<bool>("--sql") { Description = "Also count with the rule compiled to SQL (a cross-check; slower)" };
        var command = new Command("count", "How many customers a rule catches (counted in memory)") { rule, json, sql };
        common.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(rule)!;
            SegmentRule parsed;
            try
            {
                parsed = SegmentRule.Parse(text);
            }
            catch (RuleException e)
            {
                return Report(text, e);
            }

            var load = Stopwatch.StartNew();
            var (store, profiles) = await common.LoadAsync(parse, ct);
            var loadMs = load.Elapsed.TotalMilliseconds;
            var clock = Stopwatch.StartNew();
            var count = SegmentEvaluator.Evaluate(parsed, profiles).Count();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            int? sqlCount = null;
            double? sqlMs = null;
            if (parse.GetValue(sql))
            {
                clock.Restart();
                sqlCount = (await SegmentSql.MemberIdsAsync(store, parsed, profiles.AsOf, common.Zone(parse), ct)).Count;
                sqlMs = clock.Elapsed.TotalMilliseconds;
            }

            var warning = SegmentMaterializer.ProblemOf(parsed, profiles);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    new { count, elapsedMs = Math.Round(elapsed, 2), total = profiles.Count, asOf = profiles.AsOf, rule = parsed.Text, loadMs = Math.Round(loadMs), sqlCount, sqlMs = sqlMs is { } s ? Math.Round(s, 1) : (double?)null, warning },
                    JsonSerializerOptions.Web));
            }
            else
            {
                AnsiConsole.MarkupLineInterpolated(Invariant, $"[bold]{count:N0}[/] of {profiles.Count:N0} customers as of {profiles.AsOf:yyyy-MM-dd} ({elapsed:0.0} ms; profiles loaded in {loadMs / 1000:0.0} s)");
                if (sqlCount is { } n)
                {
                    AnsiConsole.MarkupLineInterpolated(Invariant, $"SQL: {n:N0} ({sqlMs:0} ms){(n == count ? "" : " — differs!")}");
                }

                if (warning is not null)
                {
                    AnsiConsole.MarkupLineInterpolated(Invariant, $"[yellow]warning:[/] {warning}");
                }
            }

            return sqlCount is { } m && m != count ? 1 : 0;
        });
        return command;
    }

    private static Command CreateCreate()
    {
        var common = new Common();
        var name = new Argument<string>("name") { Description = "Segment name (unique)" };
        var rule = new Argument<string>("rule") { Description = "The rule" };
        var description = new Option<string?>("--description") { Description = "What the segment is for" };
        var command = new Command("create", "Save a dynamic segment and materialise its members") { name, rule, description };
        common.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(rule)!;
            try
            {
                SegmentRule.Parse(text);
            }
            catch (RuleException e)
            {
                return Report(text, e);
            }

            var (store, profiles) = await common.LoadAsync(parse, ct);
            var (segment, error) = await new SegmentCatalog(store).CreateAsync(parse.GetValue(name)!, text, parse.GetValue(description), "cli", DateTimeOffset.UtcNow, ct);
            if (segment is null)
            {
                Console.Error.WriteLine($"error: {error!.Field}: {error.Message}");
                return 1;
            }

            var result = await SegmentMaterializer.MaterializeAsync(store, segment, profiles, DateTimeOffset.UtcNow, ct);
            AnsiConsole.MarkupLineInterpolated(Invariant, $"Saved segment {segment.Id} '{segment.Name}': {result.Members:N0} members as of {profiles.AsOf:yyyy-MM-dd}.");
            if (result.Problem is not null)
            {
                AnsiConsole.MarkupLineInterpolated(Invariant, $"[yellow]broken:[/] {result.Problem}");
            }

            return 0;
        });
        return command;
    }

    private static Command CreateUpload()
    {
        var name = new Argument<string>("name") { Description = "Segment name (unique)" };
        var file = new Option<FileInfo>("--ids") { Description = "File with one customer id per line (the first column of a CSV; a header line is skipped if it is not an id)", Required = true };
        var description = new Option<string?>("--description") { Description = "What the segment is for" };
        var command = new Command("upload", "Save a static segment from a list of customer ids; unknown ids are reported") { name, file, description };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"error: --ids: no file {path.FullName}");
                return 1;
            }

            var ids = (await File.ReadAllLinesAsync(path.FullName, ct)).Select(l => l.Split(',')[0].Trim().Trim('"')).Where(l => l.Length > 0).ToList();
            var store = await OpenAsync(parse, ct);
            var (segment, unknown, error) = await new SegmentCatalog(store).CreateStaticAsync(parse.GetValue(name)!, ids, parse.GetValue(description), "cli", DateTimeOffset.UtcNow, ct);
            if (segment is null)
            {
                Console.Error.WriteLine($"error: {error!.Field}: {error.Message}");
                return 1;
            }

            AnsiConsole.MarkupLineInterpolated(Invariant, $"Saved static segment {segment.Id} '{segment.Name}': {segment.MemberCount:N0} members; {unknown.Count:N0} ids name no customer.");
            foreach (var id in unknown.Take(20))
            {
                AnsiConsole.MarkupLineInterpolated(Invariant, $"  unknown: {id}");
            }

            if (unknown.Count > 20)
            {
                AnsiConsole.MarkupLineInterpolated(Invariant, $"  … and {unknown.Count - 20:N0} more");
            }

            return 0;
        });
        return command;
    }

    private static Command CreateList()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("list", "Saved segments with their member counts") { json };
        command.SetAction(async (parse, ct) =>
        {
            var segments = await new SegmentCatalog(await OpenAsync(parse, ct)).ListAsync(ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(segments.Select(s => new { s.Id, s.Name, s.Kind, s.Rule, s.MemberCount, s.MaterializedAt, s.Problem }), JsonSerializerOptions.Web));
                return 0;
            }

            var table = new Table().AddColumns("id", "name", "kind", "members", "rule", "problem");
            foreach (var s in segments)
            {
                table.AddRow(s.Id.ToString(Invariant), Markup.Escape(s.Name), s.Kind, s.MemberCount.ToString("N0", Invariant), Markup.Escape(s.Rule ?? ""), Markup.Escape(s.Problem ?? ""));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command CreateExport()
    {
        var name = new Argument<string>("segment") { Description = "Segment name or id" };
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write", Required = true };
        var masked = new Option<bool>("--masked") { Description = "Mask personal data (name, email, phone) as the console does for roles without pii.view" };
        var command = new Command("export", "Write a segment's members to CSV (customer_id, name, email, phone, member_since)") { name, output, masked };
        command.SetAction(async (parse, ct) =>
        {
            var catalog = new SegmentCatalog(await OpenAsync(parse, ct));
            if (await catalog.FindAsync(parse.GetValue(name)!, ct) is not { } segment)
            {
                Console.Error.WriteLine($"error: no segment '{parse.GetValue(name)}' (kith segment list shows them)");
                return 1;
            }

            var file = parse.GetValue(output)!;
            int rows;
            await using (var writer = new StreamWriter(file.FullName, false, new UTF8Encoding(true)))
            {
                rows = await catalog.WriteMembersCsvAsync(segment.Id, writer, unmasked: !parse.GetValue(masked), ct);
            }

            AnsiConsole.MarkupLineInterpolated(Invariant, $"{rows:N0} members of '{segment.Name}' → {file.FullName}");
            return 0;
        });
        return command;
    }

    private static Command CreateRefresh()
    {
        var common = new Common();
        var command = new Command("refresh", "Re-evaluate every dynamic segment and record who entered and left");
        common.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var (store, profiles) = await common.LoadAsync(parse, ct);
            await MaterializeAllAsync(store, profiles, ct);
            return 0;
        });
        return command;
    }

    /// <summary>Materialises every dynamic segment with a progress bar and prints one line per segment (also used by <c>kith recompute</c>).</summary>
    public static async Task MaterializeAllAsync(KithStore store, SegmentProfiles profiles, CancellationToken ct)
    {
        var total = (await new SegmentCatalog(store).ListAsync(ct)).Count(s => s.Kind == Segment.Dynamic);
        if (total == 0)
        {
            return;
        }

        List<MaterializeResult> results = [];
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("materialising segments", maxValue: total);
                results = await SegmentMaterializer.MaterializeAllAsync(store, profiles, DateTimeOffset.UtcNow, new SynchronousProgress<int>(n => task.Value = n), ct);
                task.Value = task.MaxValue;
            });
        foreach (var r in results)
        {
            AnsiConsole.MarkupLineInterpolated(Invariant, $"  {r.Name}: {r.Members:N0} members (+{r.Entered:N0} / −{r.Left:N0}){(r.Problem is null ? "" : " broken: " + r.Problem)}");
        }
    }

    private static Command CreateExplain()
    {
        var common = new Common();
        var name = new Argument<string>("segment") { Description = "Segment name or id" };
        var customer = new Argument<string>("customer") { Description = "Customer id (the store's)" };
        var command = new Command("explain", "Why a customer is in or out of a segment: each condition with the customer's value") { name, customer };
        common.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var store = await OpenAsync(parse, ct);
            if (await new SegmentCatalog(store).FindAsync(parse.GetValue(name)!, ct) is not { Kind: Segment.Dynamic } segment)
            {
                Console.Error.WriteLine($"error: no dynamic segment '{parse.GetValue(name)}'");
                return 1;
            }

            var (_, profiles) = await common.LoadAsync(parse, ct);
            await using var db = store.CreateContext();
            var id = db.Customers.Where(c => c.ExternalId == parse.GetValue(customer)).Select(c => (long?)c.Id).FirstOrDefault();
            var position = id is { } found ? profiles.PositionOf(found) : -1;
            if (position < 0)
            {
                Console.Error.WriteLine($"error: no customer '{parse.GetValue(customer)}'");
                return 1;
            }

            var rule = SegmentRule.Parse(segment.Rule!);
            var inSegment = SegmentEvaluator.Evaluate(rule, profiles)[position];
            AnsiConsole.MarkupLineInterpolated(Invariant, $"{parse.GetValue(customer)} is {(inSegment ? "[green]in[/]" : "[red]not in[/]")} '{segment.Name}' as of {profiles.AsOf:yyyy-MM-dd}:");
            foreach (var leaf in rule.Root.Leaves())
            {
                var (holds, value) = SegmentEvaluator.Explain(leaf, profiles, position);
                AnsiConsole.MarkupLineInterpolated(Invariant, $"  {(holds ? "[green]✓[/]" : "[red]✗[/]")} {leaf} — {value}");
            }

            return 0;
        });
        return command;
    }
}
