using System.Globalization;
using System.Text.Json.Nodes;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Cli.Tests;

/// <summary>
/// <c>kith export rfm</c> and <c>kith report value</c> on the CDNOW master log, checked customer by customer
/// against a computation written here from the raw text file and docs/metrics.md, sharing no code with Kith.
/// </summary>
public class ValueCommandTests
{
    private static readonly DateOnly AsOf = new(1998, 7, 1);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // docs/metrics.md, the R × F table: rows R = 5..1, columns F = 1..5.
    private static readonly string[][] Groups =
    [
        ["new", "potential_loyalist", "potential_loyalist", "champions", "champions"],
        ["promising", "potential_loyalist", "potential_loyalist", "loyal", "loyal"],
        ["about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"],
        ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"],
        ["lost", "hibernating", "at_risk", "at_risk", "cant_lose"],
    ];

    private sealed record Purchase(DateOnly Date, decimal Amount);

    private static Dictionary<string, List<Purchase>> ReadCdnow()
    {
        var byCustomer = new Dictionary<string, List<Purchase>>();
        foreach (var line in File.ReadLines(TestFiles.CdnowMaster))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 4 || !char.IsAsciiDigit(f[0][0]))
            {
                continue;
            }

            var date = DateOnly.ParseExact(f[1], "yyyyMMdd", Invariant);
            if (date <= AsOf)
            {
                (byCustomer.TryGetValue(f[0], out var list) ? list : byCustomer[f[0]] = []).Add(new Purchase(date, decimal.Parse(f[3], Invariant)));
            }
        }

        return byCustomer;
    }

    /// <summary>1 + ⌊5 × (how many values are strictly lower) / count⌋, by counting over the distinct values.</summary>
    private static Dictionary<T, int> ScoreOf<T>(IEnumerable<T> values)
        where T : notnull
    {
        var counts = new SortedDictionary<T, int>();
        var n = 0;
        foreach (var v in values)
        {
            counts[v] = counts.GetValueOrDefault(v) + 1;
            n++;
        }

        var result = new Dictionary<T, int>();
        var below = 0;
        foreach (var (value, count) in counts)
        {
            result[value] = Math.Min(5, 1 + (5 * below / n));
            below += count;
        }

        return result;
    }

    [Fact]
    public async Task Export_rfm_on_cdnow_as_of_1998_07_01_matches_an_independent_computation_for_every_customer()
    {
        var db = (await TestStores.CreateLocationAsync(StoreProvider.Sqlite, Ct)).ConnectionString.Split('=', ';')[1];
        (await KithProcess.RunAsync(Ct, "import", "orders", TestFiles.CdnowMaster, "--format", "cdnow", "--db", db)).EnsureSuccess();
        var file = Path.Combine(Path.GetDirectoryName(db)!, "rfm.csv");

        (await KithProcess.RunAsync(Ct, "export", "rfm", "--as-of", "1998-07-01", "--out", file, "--db", db)).EnsureSuccess();

        var purchases = ReadCdnow();
        var customers = purchases.Keys.OrderBy(k => int.Parse(k, Invariant)).ToList();
        var recency = customers.ToDictionary(c => c, c => AsOf.DayNumber - purchases[c].Max(p => p.Date).DayNumber);
        var frequency = customers.ToDictionary(c => c, c => purchases[c].Count);
        var monetary = customers.ToDictionary(c => c, c => purchases[c].Sum(p => p.Amount));
        var rScore = ScoreOf(customers.Select(c => -recency[c]));
        var fScore = ScoreOf(customers.Select(c => frequency[c]));
        var mScore = ScoreOf(customers.Select(c => monetary[c]));
        var highValue = customers.OrderByDescending(c => monetary[c]).ThenByDescending(c => frequency[c]).ThenBy(c => int.Parse(c, Invariant))
            .Take((int)Math.Ceiling(0.05 * customers.Count)).ToHashSet();

        var rows = File.ReadAllLines(file);
        Assert.Equal("customer_id,recency_days,frequency,monetary,r_score,f_score,m_score,rfm_group,lifecycle,tier", rows[0]);
        Assert.Equal(23_570, rows.Length - 1);
        var exported = rows.Skip(1).Select(r => r.Split(',')).ToDictionary(r => r[0]);
        foreach (var c in customers)
        {
            var (rec, f, m) = (recency[c], frequency[c], monetary[c]);
            var (r, fs, ms) = (rScore[-rec], fScore[f], mScore[m]);
            var first = purchases[c].Min(p => p.Date).DayNumber;
            var lifecycle = rec > 140 ? "churned" : rec > 90 ? "sleeping" : rec > 45 ? "silent" : AsOf.DayNumber - first <= 45 ? "new" : "active";
            var ordered = purchases[c].OrderBy(p => p.Date).ThenBy(p => p.Amount).ToList();
            var rising = f >= 2 && ordered[^1].Amount > ordered.Take(f - 1).Average(p => p.Amount);
            var tier = highValue.Contains(c) ? "high_value" : lifecycle == "churned" ? "churned" : lifecycle == "sleeping" ? "sleeping"
                : f >= 2 && fs is >= 2 and <= 4 && rising ? "potential" : "ordinary";
            string[] expected =
            [
                c, rec.ToString(Invariant), f.ToString(Invariant), m.ToString("0.00##", Invariant), r.ToString(Invariant),
                fs.ToString(Invariant), ms.ToString(Invariant), Groups[5 - r][fs - 1], lifecycle, tier,
            ];
            Assert.Equal(string.Join(',', expected), string.Join(',', exported[c]));
        }
    }

    [Fact]
    public async Task Report_value_json_gives_the_calibrated_split_and_the_top_5_percent_share()
    {
        var db = (await TestStores.CreateLocationAsync(StoreProvider.Sqlite, Ct)).ConnectionString.Split('=', ';')[1];
        (await KithProcess.RunAsync(Ct, "import", "orders", TestFiles.CdnowMaster, "--format", "cdnow", "--db", db)).EnsureSuccess();

        var report = JsonNode.Parse((await KithProcess.RunAsync(Ct, "report", "value", "--as-of", "1998-07-01", "--calibrate", "--json", "--db", db)).EnsureSuccess().Output)!;

        var purchases = ReadCdnow();
        var recencies = purchases.Values.Select(p => AsOf.DayNumber - p.Max(x => x.Date).DayNumber).Order().ToArray();
        int Quantile(double q) => recencies[(int)Math.Ceiling(q * recencies.Length) - 1];
        Assert.Equal((Quantile(0.3), Quantile(0.6), Quantile(0.9)), ((int)report["windows"]!["active"]!, (int)report["windows"]!["silent"]!, (int)report["windows"]!["sleeping"]!));
        var lifecycle = report["lifecycle"]!;
        var split = new[] { (int)lifecycle["new"]! + (int)lifecycle["active"]!, (int)lifecycle["silent"]!, (int)lifecycle["sleeping"]!, (int)lifecycle["churned"]! };
        Assert.All(split.Zip([0.3, 0.3, 0.3, 0.1]), p => Assert.InRange(p.First / 23_570.0, p.Second - 0.01, p.Second + 0.01));
        var totals = purchases.Values.Select(p => p.Sum(x => x.Amount)).OrderDescending().ToArray();
        var expectedShare = (double)(totals.Take(1179).Sum() / totals.Sum());
        Assert.Equal(1179, (int)report["tiers"]!["high_value"]!);
        Assert.Equal(Math.Round(expectedShare, 4), (double)report["highValueGmvShare"]!, 4);
        Assert.Equal(2_500_315.63m, (decimal)report["monetary"]!);
    }

    [Fact]
    public async Task Kpis_for_a_quarter_of_cdnow_match_an_independent_computation()
    {
        var db = (await TestStores.CreateLocationAsync(StoreProvider.Sqlite, Ct)).ConnectionString.Split('=', ';')[1];
        (await KithProcess.RunAsync(Ct, "import", "orders", TestFiles.CdnowMaster, "--format", "cdnow", "--db", db)).EnsureSuccess();
        var (from, to) = (new DateOnly(1997, 10, 1), new DateOnly(1997, 12, 31));

        var kpis = JsonNode.Parse((await KithProcess.RunAsync(Ct, "kpis", "--from", "1997-10-01", "--to", "1997-12-31", "--json", "--db", db)).EnsureSuccess().Output)!;

        // All purchases (CDNOW has no cancellations or refunds), straight from the file.
        var all = new Dictionary<string, List<Purchase>>();
        foreach (var f in File.ReadLines(TestFiles.CdnowMaster).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length == 4 && char.IsAsciiDigit(f[0][0])))
        {
            (all.TryGetValue(f[0], out var list) ? list : all[f[0]] = []).Add(new Purchase(DateOnly.ParseExact(f[1], "yyyyMMdd", Invariant), decimal.Parse(f[3], Invariant)));
        }

        bool In(DateOnly d) => d >= from && d <= to;
        var buyers = all.Where(c => c.Value.Any(p => In(p.Date))).ToDictionary(c => c.Key, c => c.Value.Where(p => In(p.Date)).ToList());
        var gmv = buyers.Values.Sum(p => p.Sum(x => x.Amount));
        var orders = buyers.Values.Sum(p => p.Count);
        Assert.Equal(gmv, (decimal)kpis["gmv"]!);
        Assert.Equal(orders, (int)kpis["orders"]!);
        Assert.Equal(buyers.Count, (int)kpis["customers"]!);
        Assert.Equal(Math.Round(gmv / orders, 2, MidpointRounding.AwayFromZero), (decimal)kpis["aov"]!);
        Assert.Equal(Math.Round(gmv / buyers.Count, 2, MidpointRounding.AwayFromZero), (decimal)kpis["spendPerCustomer"]!);
        var customerBase = all.Count(c => c.Value.Min(p => p.Date) <= to);
        Assert.Equal(customerBase, (int)kpis["customerBase"]!);
        Assert.Equal(Math.Round(gmv / customerBase, 2, MidpointRounding.AwayFromZero), (decimal)kpis["arpu"]!);
        Assert.Equal(buyers.Count(b => b.Value.Count >= 2) / (double)buyers.Count, (double)kpis["repurchaseRate"]!, 12);
        var again45 = buyers.Keys.Count(c =>
        {
            var first = buyers[c].Min(p => p.Date);
            return all[c].Count(p => p.Date >= first && p.Date <= first.AddDays(45)) >= 2;
        });
        Assert.Equal(again45 / (double)buyers.Count, (double)kpis["repurchase45Rate"]!, 12);
        var dayBefore = from.AddDays(-1);
        var bands = new[] { (45, 90, "days45To90"), (90, 140, "days90To140"), (140, int.MaxValue, "days140Plus") };
        foreach (var (low, high, name) in bands)
        {
            var inBand = all.Where(c => c.Value.Any(p => p.Date <= dayBefore))
                .Where(c => dayBefore.DayNumber - c.Value.Where(p => p.Date <= dayBefore).Max(p => p.Date).DayNumber is var s && s > low && s <= high)
                .Select(c => c.Key).ToList();
            var band = kpis["purchaseRateBySinceLastOrder"]![name]!;
            Assert.Equal(inBand.Count, (int)band["customers"]!);
            Assert.Equal(inBand.Count(buyers.ContainsKey), (int)band["purchased"]!);
        }

        var rollingStart = to.AddDays(-364);
        var rolling = all.Where(c => c.Value.Any(p => p.Date >= rollingStart && p.Date <= to)).ToList();
        Assert.Equal(rolling.Count, (int)kpis["rolling12MonthCustomers"]!);
        Assert.Equal(rolling.Count(c => c.Value.Min(p => p.Date) < rollingStart) / (double)rolling.Count, (double)kpis["rolling12MonthReturningShare"]!, 12);
        var top = buyers.Values.Select(p => p.Sum(x => x.Amount)).OrderDescending().Take((int)Math.Ceiling(0.05 * buyers.Count)).Sum();
        Assert.Equal((double)(top / gmv), (double)kpis["top5PercentGmvShare"]!, 12);
    }

    [Fact]
    public async Task Recompute_stores_every_customer_and_reports_the_split()
    {
        var db = (await TestStores.CreateLocationAsync(StoreProvider.Sqlite, Ct)).ConnectionString.Split('=', ';')[1];
        (await KithProcess.RunAsync(Ct, "import", "orders", TestFiles.CdnowMaster, "--format", "cdnow", "--db", db)).EnsureSuccess();

        var result = (await KithProcess.RunAsync(Ct, "recompute", "--as-of", "1998-07-01", "--windows", "30,60,120", "--db", db)).EnsureSuccess();

        Assert.Contains("Stored the values of 23,570 customers (23,570 buyers) as of 1998-07-01; windows 30/60/120 days", result.Output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        var store = new KithStore(StoreLocation.Resolve(db));
        await using var context = store.CreateContext();
        var lifecycle = await context.CustomerValues.GroupBy(v => v.Lifecycle).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(Ct);
        var purchases = ReadCdnow();
        var churned = purchases.Values.Count(p => AsOf.DayNumber - p.Max(x => x.Date).DayNumber > 120);
        Assert.Equal(churned, lifecycle.Single(l => l.Key == "churned").Count);
        Assert.Equal(23_570, lifecycle.Sum(l => l.Count));
    }

    [Fact]
    public async Task Cohort_retention_of_cdnow_matches_a_count_from_the_file()
    {
        var db = (await TestStores.CreateLocationAsync(StoreProvider.Sqlite, Ct)).ConnectionString.Split('=', ';')[1];
        (await KithProcess.RunAsync(Ct, "import", "orders", TestFiles.CdnowMaster, "--format", "cdnow", "--db", db)).EnsureSuccess();

        var report = JsonNode.Parse((await KithProcess.RunAsync(Ct, "report", "cohorts", "--as-of", "1998-06-30", "--json", "--db", db)).EnsureSuccess().Output)!;

        static int Month(DateOnly d) => (d.Year * 12) + d.Month;
        var purchases = ReadCdnow();
        var expected = purchases.Values
            .GroupBy(p => p.Min(x => x.Date) is var first ? new DateOnly(first.Year, first.Month, 1) : default)
            .OrderBy(g => g.Key)
            .Select(g => (Month: g.Key.ToString("yyyy-MM-dd", Invariant), Customers: g.Count(),
                Active: Enumerable.Range(0, Month(new DateOnly(1998, 6, 1)) - Month(g.Key) + 1)
                    .Select(k => g.Count(p => p.Any(x => Month(x.Date) - Month(g.Key) == k))).ToArray()))
            .ToList();
        var cohorts = report["cohorts"]!.AsArray();
        Assert.Equal([7_846, 8_476, 7_248], cohorts.Select(c => (int)c!["customers"]!)); // CDNOW's first-purchase cohorts, January to March 1997
        Assert.Equal(expected.Count, cohorts.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Month, (string)cohorts[i]!["month"]!);
            Assert.Equal(expected[i].Active, cohorts[i]!["active"]!.AsArray().Select(a => (int)a!));
        }
    }

    [Fact]
    public async Task A_bad_option_is_a_usage_error_naming_it()
    {
        var result = await KithProcess.RunAsync(Ct, "report", "value", "--windows", "90,45,140");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--windows", result.Error + result.Output, StringComparison.Ordinal);
    }
}
