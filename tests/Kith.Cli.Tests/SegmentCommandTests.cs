using System.Globalization;
using System.Text.Json.Nodes;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Xunit;

namespace Kith.Cli.Tests;

/// <summary>
/// <c>kith segment</c> on the CDNOW master log: the SPEC §3 examples counted by the real binary equal counts
/// computed here from the raw text file and the definitions in docs/metrics.md and docs/segments.md.
/// </summary>
public class SegmentCommandTests
{
    private static readonly DateOnly AsOf = new(1998, 7, 1);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Purchase(DateOnly Date, decimal Amount);

    /// <summary>Every purchase line of the file, by customer (CDNOW has no cancellations or refunds).</summary>
    private static Dictionary<string, List<Purchase>> ReadCdnow()
    {
        var byCustomer = new Dictionary<string, List<Purchase>>();
        foreach (var f in File.ReadLines(TestFiles.CdnowMaster).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length == 4 && char.IsAsciiDigit(f[0][0])))
        {
            (byCustomer.TryGetValue(f[0], out var list) ? list : byCustomer[f[0]] = []).Add(new Purchase(DateOnly.ParseExact(f[1], "yyyyMMdd", Invariant), decimal.Parse(f[3], Invariant)));
        }

        return byCustomer;
    }

    private static async Task<string> CdnowStoreAsync()
    {
        var db = (await TestStores.CreateLocationAsync(StoreProvider.Sqlite, Ct)).ConnectionString.Split('=', ';')[1];
        (await KithProcess.RunAsync(Ct, "import", "orders", TestFiles.CdnowMaster, "--format", "cdnow", "--db", db)).EnsureSuccess();
        (await KithProcess.RunAsync(Ct, "recompute", "--as-of", "1998-07-01", "--db", db)).EnsureSuccess();
        return db;
    }

    private static async Task<JsonNode> CountAsync(string db, string rule, string asOf = "1998-07-01")
    {
        var json = JsonNode.Parse((await KithProcess.RunAsync(Ct, "segment", "count", rule, "--as-of", asOf, "--json", "--sql", "--db", db)).EnsureSuccess().Output)!;
        Assert.Equal((int)json["count"]!, (int)json["sqlCount"]!); // in memory and SQL agree on real data too
        return json;
    }

    [Fact]
    public async Task The_spec_examples_on_cdnow_as_of_1998_07_01_equal_independent_counts()
    {
        var db = await CdnowStoreAsync();
        var all = ReadCdnow();
        var customers = all.Keys.ToList();
        var recency = customers.ToDictionary(c => c, c => AsOf.DayNumber - all[c].Max(p => p.Date).DayNumber);
        var frequency = customers.ToDictionary(c => c, c => all[c].Count);
        var monetary = customers.ToDictionary(c => c, c => all[c].Sum(p => p.Amount));

        // Active repeat buyers: last purchase within 90 days, 2+ orders, 300+ spent.
        var repeat = await CountAsync(db, "recency_days <= 90 and orders >= 2 and spend >= 300");
        Assert.Equal(customers.Count(c => recency[c] <= 90 && frequency[c] >= 2 && monetary[c] >= 300m), (int)repeat["count"]!);
        Assert.Equal(23_570, (int)repeat["total"]!);
        Assert.True((int)repeat["count"]! > 100);

        // High value (top 5% by spend; ties by orders, then id) and sleeping (last purchase 91–140 days ago).
        var highValue = customers.OrderByDescending(c => monetary[c]).ThenByDescending(c => frequency[c]).ThenBy(c => int.Parse(c, Invariant))
            .Take((int)Math.Ceiling(0.05 * customers.Count)).ToHashSet();
        var sleepingHigh = await CountAsync(db, "tier = \"high_value\" and lifecycle = \"sleeping\"");
        Assert.Equal(customers.Count(c => highValue.Contains(c) && recency[c] is > 90 and <= 140), (int)sleepingHigh["count"]!);
        Assert.True((int)sleepingHigh["count"]! > 0);

        // CDNOW's customers all first bought in Q1 1997: as of 1 March 1998, the anniversary is 1 March 1997's buyers.
        var anniversary = await CountAsync(db, "first_purchase_anniversary = 1", "1998-03-01");
        Assert.Equal(customers.Count(c => all[c].Min(p => p.Date) == new DateOnly(1997, 3, 1)), (int)anniversary["count"]!);
        Assert.True((int)anniversary["count"]! > 0);

        // The log has no events, birthdays or registration dates: these examples catch nobody, in memory and in SQL alike.
        foreach (var rule in new[] { "events(\"view_product\", 7d, same_product, not_bought) > 5", "days_to_birthday <= 7", "days_since_registered = 3" })
        {
            Assert.Equal(0, (int)(await CountAsync(db, rule))["count"]!);
        }
    }

    [Fact]
    public async Task Counting_on_a_store_whose_values_were_never_computed_warns_and_the_warning_goes_once_they_are()
    {
        var db = (await TestStores.CreateLocationAsync(StoreProvider.Sqlite, Ct)).ConnectionString.Split('=', ';')[1];
        (await KithProcess.RunAsync(Ct, "import", "orders", TestFiles.CdnowSample, "--format", "cdnow-sample", "--db", db)).EnsureSuccess();

        var before = (await KithProcess.RunAsync(Ct, "segment", "count", "orders >= 1", "--as-of", "1998-07-01", "--json", "--db", db)).EnsureSuccess();
        Assert.Equal(0, (int)JsonNode.Parse(before.Output)!["count"]!); // stdout stays plain JSON
        Assert.Contains("kith recompute", before.Error, StringComparison.Ordinal);

        (await KithProcess.RunAsync(Ct, "recompute", "--as-of", "1998-07-01", "--db", db)).EnsureSuccess();
        var after = (await KithProcess.RunAsync(Ct, "segment", "count", "orders >= 1", "--as-of", "1998-07-01", "--json", "--db", db)).EnsureSuccess();
        Assert.Equal(2357, (int)JsonNode.Parse(after.Output)!["count"]!); // every CDNOW_sample customer bought at least once
        Assert.DoesNotContain("kith recompute", after.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_rule_exits_2_and_points_at_the_problem()
    {
        var db = (await TestStores.CreateLocationAsync(StoreProvider.Sqlite, Ct)).ConnectionString.Split('=', ';')[1];
        var result = await KithProcess.RunAsync(Ct, "segment", "count", "recency <= 90 and orders >=", "--db", db);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 1, column 28: expected a value, found the end of the rule", result.Error, StringComparison.Ordinal);

        result = await KithProcess.RunAsync(Ct, "segment", "count", "recency <= 90", "--db", db);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 1, column 1: unknown field 'recency'; did you mean recency_days?", result.Error, StringComparison.Ordinal);
        Assert.Contains("  ^", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_list_export_and_upload_segments()
    {
        var db = await CdnowStoreAsync();
        var all = ReadCdnow();
        var expected = all.Where(c => c.Value.Count >= 10).Select(c => c.Key).OrderBy(c => int.Parse(c, Invariant)).ToList();

        (await KithProcess.RunAsync(Ct, "segment", "create", "Frequent", "orders >= 10", "--as-of", "1998-07-01", "--db", db)).EnsureSuccess();
        var duplicate = await KithProcess.RunAsync(Ct, "segment", "create", "Frequent", "orders >= 2", "--db", db);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("already a segment named 'Frequent'", duplicate.Error, StringComparison.Ordinal);

        var list = JsonNode.Parse((await KithProcess.RunAsync(Ct, "segment", "list", "--json", "--db", db)).EnsureSuccess().Output)!.AsArray();
        Assert.Equal(expected.Count, (int)Assert.Single(list)!["memberCount"]!);

        var file = Path.Combine(Path.GetDirectoryName(db)!, "frequent.csv");
        (await KithProcess.RunAsync(Ct, "segment", "export", "Frequent", "--out", file, "--db", db)).EnsureSuccess();
        var rows = File.ReadAllLines(file);
        Assert.Equal("customer_id,name,email,phone,member_since", rows[0].TrimStart('\uFEFF'));
        Assert.Equal(expected, rows.Skip(1).Select(r => r.Split(',')[0]));

        var ids = Path.Combine(Path.GetDirectoryName(db)!, "ids.txt");
        await File.WriteAllLinesAsync(ids, ["customer_id", "00001", "00002", "no-such-customer", "00003", "00002"], Ct);
        var upload = (await KithProcess.RunAsync(Ct, "segment", "upload", "Hand picked", "--ids", ids, "--db", db)).EnsureSuccess();
        Assert.Contains("3 members; 2 ids name no customer", upload.Output, StringComparison.Ordinal);
        Assert.Contains("unknown: no-such-customer", upload.Output, StringComparison.Ordinal);
        Assert.Contains("unknown: customer_id", upload.Output, StringComparison.Ordinal);
    }
}
