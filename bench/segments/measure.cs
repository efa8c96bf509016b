// Segments benchmark (bench/segments/run.sh): on a store holding the demo data with events, called in-process
//   1. SegmentProfilesLoader.LoadAsync, cold (once): time, managed heap and working set;
//   2. live counts, warm: parse + SegmentEvaluator.Evaluate(...).Count() of the 3-clause rule with a 7-day event
//      window, REPEAT times after a warm-up (p50/p95/max), each clause alone, and the SPEC examples;
//   3. the same 3-clause rule as SQL (SegmentSql.Compile(...).SelectCount) on this store and, if given, on
//      PostgreSQL: a few repetitions after a warm-up, p50, and the SQL count against the in-memory count;
//   4. 50 saved dynamic segments: the first materialisation (writes every member), then SegmentMaterializer.
//      MaterializeAllAsync again on a freshly loaded snapshot (the re-materialisation the target is about).
// Usage: dotnet run measure.cs -- DB [PG_DB|-] [REPEAT=30] [AS_OF=2026-11-01]
// Prints Markdown; lines KEY=value at the end are for run.sh's summary.
#:project ../../src/Kith.Data/Kith.Data.csproj
#:property PublishAot=false
#:property RootNamespace=Kith.Bench
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Kith.Core.Segments;
using Kith.Data.Segments;
using Kith.Data.Store;

CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
var db = args[0];
var pgDb = args.Length > 1 && args[1] != "-" ? args[1] : null;
var repeat = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
var asOf = args.Length > 3 ? DateOnly.ParseExact(args[3], "yyyy-MM-dd", CultureInfo.InvariantCulture) : new DateOnly(2026, 11, 1);
var zone = TimeZoneInfo.Utc;
var ct = CancellationToken.None;
const string Main = "lifecycle = \"active\" and orders >= 2 and events(\"view_product\", 7d) >= 3";
string[] examples =
[
    "recency_days <= 90 and orders >= 2 and spend >= 300",
    "events(\"view_product\", 7d, same_product, not_bought) > 5",
    "tier = \"high_value\" and lifecycle = \"sleeping\"",
    "days_to_birthday <= 7",
];
var summary = new List<string>();
void Note(string key, double value) => summary.Add($"{key}={value.ToString("F1", CultureInfo.InvariantCulture)}");

var store = new KithStore(StoreLocation.Parse(db));
await store.MigrateAsync(ct);

// 1. Profile load, cold for this process (the store's pages may be in the OS cache from the import or a previous run).
var proc = Process.GetCurrentProcess();
var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
proc.Refresh();
var wsBefore = proc.WorkingSet64;
var sw = Stopwatch.StartNew();
var phases = new List<(string What, double Ms)>();
var last = 0.0;
string? current = null;
var profiles = await SegmentProfilesLoader.LoadAsync(store, asOf, zone, new SynchronousProgress(what =>
{
    if (current is not null)
    {
        phases.Add((current, sw.Elapsed.TotalMilliseconds - last));
    }

    current = what;
    last = sw.Elapsed.TotalMilliseconds;
}), ct);
var loadMs = sw.Elapsed.TotalMilliseconds;
phases.Add((current + " (and building the columns)", loadMs - last));
var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
proc.Refresh();
var wsAfter = proc.WorkingSet64;
Console.WriteLine("### Profile snapshot");
Console.WriteLine();
Console.WriteLine($"`SegmentProfilesLoader.LoadAsync` as of {asOf:yyyy-MM-dd} (UTC): {profiles.Count:N0} customers, {profiles.PurchaseDay.Length:N0} paid order lines, " +
                  $"{profiles.EventDay.Length:N0} events in the last {SegmentFields.MaxWindowDays} days ({profiles.EventTypes.Length} types), {profiles.Tags.Count:N0} distinct tags, {profiles.ProductSkus.Length:N0} products.");
Console.WriteLine();
Console.WriteLine($"| load (cold, once) | ms |");
Console.WriteLine("| --- | ---: |");
foreach (var (what, ms) in phases)
{
    Console.WriteLine($"| reading {what} | {ms:F0} |");
}

Console.WriteLine($"| **total** | **{loadMs:F0}** |");
Console.WriteLine();
Console.WriteLine($"Memory: managed heap {Mb(heapAfter - heapBefore)} MB held by the snapshot (GC.GetTotalMemory after a full collection, before → after: {Mb(heapBefore)} → {Mb(heapAfter)} MB); " +
                  $"process working set {Mb(wsBefore)} → {Mb(wsAfter)} MB; peak working set {Mb(proc.PeakWorkingSet64)} MB.");
Console.WriteLine();
Note("LOAD_MS", loadMs);

// 2. Live counts, warm: what the API/console does per keystroke (parse + evaluate + count).
int Count(string rule) => SegmentEvaluator.Evaluate(SegmentRule.Parse(rule), profiles).Count();
(List<double> Times, int Count) Time(string rule, int n)
{
    for (var i = 0; i < 5; i++)
    {
        Count(rule);
    }

    var times = new List<double>();
    var count = 0;
    for (var i = 0; i < n; i++)
    {
        var t = Stopwatch.StartNew();
        count = Count(rule);
        times.Add(t.Elapsed.TotalMilliseconds);
    }

    return (times, count);
}

Console.WriteLine("### Live count, warm (parse + evaluate + count, in memory)");
Console.WriteLine();
Console.WriteLine($"| rule | count | n | p50 ms | p95 ms | max ms |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
var (mainTimes, mainCount) = Time(Main, repeat);
Console.WriteLine(Row($"**`{Main}`**", mainCount, mainTimes));
foreach (var leaf in SegmentRule.Parse(Main).Root.Leaves())
{
    var text = SegmentRule.FromCondition(leaf).Text;
    var (t, c) = Time(text, repeat);
    Console.WriteLine(Row($"clause alone: `{text}`", c, t));
}

foreach (var rule in examples)
{
    var (t, c) = Time(rule, repeat);
    Console.WriteLine(Row($"SPEC: `{rule}`", c, t));
}

Console.WriteLine();
Note("LIVE_P50", Percentile(mainTimes, 0.5));
Note("LIVE_P95", Percentile(mainTimes, 0.95));
Note("LIVE_MAX", mainTimes.Max());
summary.Add($"LIVE_COUNT={mainCount}");

// 3. The same rule as SQL, on this store and on PostgreSQL.
Console.WriteLine("### The same rule as SQL");
Console.WriteLine();
var compiled = SegmentSql.Compile(SegmentRule.Parse(Main), store.Provider, asOf, zone);
Console.WriteLine($"`SegmentSql.Compile(...).SelectCount` ({store.Provider}):");
Console.WriteLine();
Console.WriteLine("```sql");
Console.WriteLine(compiled.SelectCount);
Console.WriteLine("-- " + string.Join(", ", compiled.Parameters.Select(p => $"{p.Key} = {p.Value}")));
Console.WriteLine("```");
Console.WriteLine();
Console.WriteLine("| store | SQL count | in-memory count | equal | n | p50 ms | min ms | max ms | first (cold) ms |");
Console.WriteLine("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
foreach (var (name, sqlStore) in new[] { (store.Provider.ToString(), store) }.Concat(pgDb is null ? [] : new[] { ("PostgreSQL", new KithStore(StoreLocation.Parse(pgDb))) }))
{
    var query = SegmentSql.Compile(SegmentRule.Parse(Main), sqlStore.Provider, asOf, zone);
    await using var connection = await sqlStore.OpenConnectionAsync(ct);
    async Task<(long Count, double Ms)> Run()
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = query.SelectCount;
        cmd.CommandTimeout = 1200;
        query.Bind(cmd);
        var t = Stopwatch.StartNew();
        var n = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return (n, t.Elapsed.TotalMilliseconds);
    }

    var (sqlCount, first) = await Run();
    var times = new List<double>();
    var budget = Stopwatch.StartNew();
    while (times.Count < 5 && (times.Count < 3 || budget.Elapsed.TotalSeconds < 60))
    {
        times.Add((await Run()).Ms);
    }

    var memoryCount = mainCount;
    if (sqlStore != store)
    {
        // PostgreSQL may hold different data (a subset): compare with the in-memory count of its own snapshot.
        var pgProfiles = await SegmentProfilesLoader.LoadAsync(sqlStore, asOf, zone, null, ct);
        memoryCount = SegmentEvaluator.Evaluate(SegmentRule.Parse(Main), pgProfiles).Count();
        Console.Error.WriteLine($"PostgreSQL snapshot: {pgProfiles.Count:N0} customers, {pgProfiles.EventDay.Length:N0} events in the window");
    }

    Console.WriteLine($"| {name} | {sqlCount:N0} | {memoryCount:N0} | {(sqlCount == memoryCount ? "yes" : "**NO**")} | {times.Count} | {Percentile(times, 0.5):F1} | {times.Min():F1} | {times.Max():F1} | {first:F1} |");
    var key = name == "PostgreSQL" ? "PG" : "SQLITE";
    Note($"{key}_SQL_P50", Percentile(times, 0.5));
    summary.Add($"{key}_SQL_EQUAL={sqlCount == memoryCount}");
}

Console.WriteLine();

// 4. 50 saved dynamic segments.
var rules = Segments(profiles);
await using (var connection = await store.OpenConnectionAsync(ct))
{
    // Reruns: remove the previous run's segments with their members and history.
    foreach (var sql in new[]
             {
                 "DELETE FROM segment_changes WHERE segment_id IN (SELECT id FROM segments WHERE name LIKE 'bench-%')",
                 "DELETE FROM segment_members WHERE segment_id IN (SELECT id FROM segments WHERE name LIKE 'bench-%')",
                 "DELETE FROM segments WHERE name LIKE 'bench-%'",
             })
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 1200;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

var others = (await new SegmentCatalog(store).ListAsync(ct)).Count(s => s.Kind == Segment.Dynamic);
var catalog = new SegmentCatalog(store);
var now = new DateTimeOffset(asOf.ToDateTime(new TimeOnly(23, 0)), TimeSpan.Zero);
for (var i = 0; i < rules.Count; i++)
{
    var (segment, error) = await catalog.CreateAsync($"bench-{i + 1:00}", rules[i], "segments benchmark", "bench", now, ct);
    if (error is not null)
    {
        throw new InvalidOperationException($"{rules[i]}: {error.Message}");
    }
}

// Evaluation alone (the in-memory part of a materialisation), for the split.
var evalWatch = Stopwatch.StartNew();
var evaluated = 0L;
foreach (var rule in rules)
{
    evaluated += SegmentEvaluator.Evaluate(SegmentRule.Parse(rule), profiles).Positions().Count();
}

var evalMs = evalWatch.Elapsed.TotalMilliseconds;

sw.Restart();
var firstRun = await SegmentMaterializer.MaterializeAllAsync(store, profiles, now, null, ct);
var firstMs = sw.Elapsed.TotalMilliseconds;
var firstRows = firstRun.Sum(r => (long)r.Entered * 2 + r.Left * 2);

// Re-materialisation on a fresh snapshot (nothing changed in between, as after a recompute that moved nobody).
sw.Restart();
var fresh = await SegmentProfilesLoader.LoadAsync(store, asOf, zone, null, ct);
var reloadMs = sw.Elapsed.TotalMilliseconds;
sw.Restart();
var second = await SegmentMaterializer.MaterializeAllAsync(store, fresh, now.AddHours(1), null, ct);
var secondMs = sw.Elapsed.TotalMilliseconds;

// And once more with a real change: the snapshot of the next day (windows move, birthdays come closer).
var nextDay = await SegmentProfilesLoader.LoadAsync(store, asOf.AddDays(1), zone, null, ct);
sw.Restart();
var third = await SegmentMaterializer.MaterializeAllAsync(store, nextDay, now.AddDays(1), null, ct);
var thirdMs = sw.Elapsed.TotalMilliseconds;

var bench = firstRun.Where(r => r.Name.StartsWith("bench-", StringComparison.Ordinal)).ToList();
Console.WriteLine($"### Re-materialisation of {rules.Count} saved segments (SQLite store; {others} other dynamic segment(s) in the store are materialised too)");
Console.WriteLine();
Console.WriteLine($"Members: {bench.Sum(r => (long)r.Members):N0} in all (smallest {bench.Min(r => r.Members):N0}, median {bench.Select(r => r.Members).Order().ElementAt(bench.Count / 2):N0}, largest {bench.Max(r => r.Members):N0}); " +
                  $"broken: {firstRun.Count(r => r.Problem is not null)}. Evaluating the {rules.Count} rules alone in memory: {evalMs:F0} ms.");
Console.WriteLine();
Console.WriteLine("| step | ms | entered | left | rows written |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
Console.WriteLine($"| first materialisation (empty membership: every member written, plus its entry in `segment_changes`) | {firstMs:F0} | {firstRun.Sum(r => (long)r.Entered):N0} | {firstRun.Sum(r => (long)r.Left):N0} | {firstRows:N0} |");
Console.WriteLine($"| fresh snapshot: `SegmentProfilesLoader.LoadAsync` (same day) | {reloadMs:F0} | | | |");
Console.WriteLine($"| **re-materialisation, same day: `MaterializeAllAsync` on the fresh snapshot** | **{secondMs:F0}** | {second.Sum(r => (long)r.Entered):N0} | {second.Sum(r => (long)r.Left):N0} | {second.Sum(r => (long)r.Entered * 2 + r.Left * 2):N0} |");
Console.WriteLine($"| re-materialisation on the next day's snapshot (as of {asOf.AddDays(1):yyyy-MM-dd}: windows move) | {thirdMs:F0} | {third.Sum(r => (long)r.Entered):N0} | {third.Sum(r => (long)r.Left):N0} | {third.Sum(r => (long)r.Entered * 2 + r.Left * 2):N0} |");
Console.WriteLine();
Console.WriteLine("<details><summary>The 50 rules and their members (first materialisation)</summary>");
Console.WriteLine();
Console.WriteLine("| # | rule | members |");
Console.WriteLine("| ---: | --- | ---: |");
foreach (var r in bench)
{
    Console.WriteLine($"| {r.Name} | `{rules[int.Parse(r.Name[6..], CultureInfo.InvariantCulture) - 1].Replace("|", "\\|", StringComparison.Ordinal)}` | {r.Members:N0} |");
}

Console.WriteLine();
Console.WriteLine("</details>");
Console.WriteLine();
Note("REMAT_MS", secondMs);
Note("REMAT_NEXT_DAY_MS", thirdMs);
Note("FIRST_MAT_MS", firstMs);
Note("RELOAD_MS", reloadMs);
foreach (var line in summary)
{
    Console.WriteLine(line);
}

return;

static string Mb(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);

static string Row(string name, int count, List<double> times) => string.Create(CultureInfo.InvariantCulture,
    $"| {name} | {count:N0} | {times.Count} | {Percentile(times, 0.5):F1} | {Percentile(times, 0.95):F1} | {times.Max():F1} |");

static double Percentile(List<double> times, double p)
{
    var sorted = times.Order().ToList();
    var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
}

// 50 varied dynamic segments over the fields an operator uses: values, lifecycle/tier/RFM group, tags, event
// windows (plain and same_product/not_bought), purchases by category, dates. Categories and tags are taken from
// the store, so the rules match someone.
static List<string> Segments(SegmentProfiles p)
{
    string Q(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    var categories = p.ProductCategories.OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
    var tops = categories.Select(c => c.Split(" > ")[0]).Distinct().Order(StringComparer.Ordinal).ToList();
    var tags = p.Tags.OrderByDescending(t => t.Value.Length).Select(t => t.Key).Take(6).ToList();
    var rules = new List<string>
    {
        "lifecycle = \"active\" and orders >= 2 and events(\"view_product\", 7d) >= 3",
        "recency_days <= 90 and orders >= 2 and spend >= 300",
        "events(\"view_product\", 7d, same_product, not_bought) > 5",
        "tier = \"high_value\" and lifecycle = \"sleeping\"",
        "days_to_birthday <= 7",
        "lifecycle = \"new\"",
        "lifecycle in (\"silent\", \"sleeping\")",
        "lifecycle = \"churned\" and spend >= 1000",
        "tier = \"potential\" and events(\"add_to_cart\", 3d) >= 1",
        "tier = \"high_value\"",
        "rfm_group = \"champions\"",
        "rfm_group in (\"at_risk\", \"cant_lose\")",
        "(r_score >= 4 and f_score >= 4) or rfm_group = \"champions\"",
        "m_score = 5 and r_score <= 2",
        "orders = 1 and recency_days > 30 and recency_days <= 120",
        "spend >= 2000",
        "orders >= 5 and recency_days <= 30",
        "events(\"add_to_cart\", 3d) >= 1 and not events(\"view_product\", 1d) >= 1",
        "events(\"view_product\", 30d) >= 8",
        "events(\"search\", 14d) >= 2 and not orders >= 1",
        "events(\"favourite\", 30d) >= 1 and lifecycle = \"active\"",
        "events(\"sign_in\", 7d) >= 1 and lifecycle in (\"silent\", \"sleeping\", \"churned\")",
        "events(\"view_product\", 14d, same_product) >= 3",
        "events(\"add_to_cart\", 30d, same_product, not_bought) >= 2",
        "days_since_registered <= 30 and orders = 0",
        "days_since_first_purchase <= 60",
        "first_purchase_anniversary >= 1",
        "gender = \"female\" and consent_sms = true and lifecycle = \"active\"",
        "consent_email = true and tier in (\"high_value\", \"potential\")",
        "source_channel = \"app\" and events(\"view_product\", 7d) >= 1",
        "not consent_push = true and recency_days <= 45",
        "days_to_birthday <= 30 and tier = \"high_value\"",
    };
    foreach (var c in categories.Take(6))
    {
        rules.Add($"bought_category({Q(c)}, 90d)");
    }

    foreach (var c in tops.Take(4))
    {
        rules.Add($"bought_category({Q(c)}) and not bought_category({Q(c)}, 180d) and events(\"view_product\", 30d) >= 1");
    }

    foreach (var t in tags)
    {
        rules.Add($"tag = {Q(t)} and lifecycle in (\"active\", \"silent\")");
    }

    // Fill up to 50 with value bands, should the store have fewer categories or tags.
    for (var k = 1; rules.Count < 50; k++)
    {
        rules.Add($"spend >= {k * 250} and spend < {(k + 1) * 250} and r_score >= {1 + (k % 5)}");
    }

    return rules.Take(50).ToList();
}

internal sealed class SynchronousProgress(Action<string> report) : IProgress<string>
{
    public void Report(string value) => report(value);
}
