using System.Globalization;
using Kith.Core.Clv;
using Kith.Core.Value;
using Kith.Data.Churn;
using Kith.Data.Clv;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Data.Tests.Clv;

/// <summary>
/// The console's CLV overview and churn risk list over CDNOW_sample scored as <c>kith clv score</c> does, with churn
/// risks written for every other customer; every figure against the stored rows read back with plain SQL and summed here.
/// </summary>
public class ClvOverviewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Row(long CustomerId, string ExternalId, decimal Clv, string Tier, double? Risk, string? Band, double PAlive);

    private static async Task<(KithStore Store, List<Row> Rows)> ScoredCdnowAsync(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        await new FileImporter(store, TimeProvider.System).ImportAsync(new ImportOptions(TestFiles.CdnowSample, ImportKind.Orders) { Format = ImportFormat.CdnowSample }, null, null, Ct);
        var asOf = new DateOnly(1997, 9, 30);
        var facts = await OrderFactsLoader.LoadAsync(store, TimeZoneInfo.Utc, null, Ct);
        await CustomerValueWriter.WriteAsync(store, facts, ValueEngine.Compute(facts, asOf, new ValueOptions()), null, Ct);
        var predictions = await CustomerPredictionScorer.ScoreAndStoreAsync(store, TimeZoneInfo.Utc, "bgnbd", asOf, ClvTimeUnit.Week, new ClvOptions { HorizonDays = 364 }, Ct);
        var random = new Random(11);
        var scored = predictions.CustomerIds.Where((_, i) => i % 2 == 0).ToArray();
        await ChurnRiskWriter.WriteAsync(store, scored, [.. scored.Select(_ => (float)random.NextDouble())], Ct);
        return (store, await ReadRowsAsync(store));
    }

    /// <summary>The stored rows as text, parsed here: nothing of the code under test.</summary>
    private static async Task<List<Row>> ReadRowsAsync(KithStore store)
    {
        var rows = new List<Row>();
        await using var connection = await store.OpenConnectionAsync(Ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT p.customer_id, c.external_id, CAST(p.clv AS TEXT), v.tier, p.churn_risk, p.churn_band, p.p_alive
            FROM customer_predictions p JOIN customers c ON c.id = p.customer_id LEFT JOIN customer_values v ON v.customer_id = p.customer_id
            """;
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), decimal.Parse(reader.GetString(2), NumberStyles.Float, CultureInfo.InvariantCulture),
                reader.IsDBNull(3) ? "" : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetDouble(6)));
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task The_overview_sums_the_stored_clv_in_total_by_band_by_tier_and_counts_churn_bands(StoreProvider provider)
    {
        var (store, rows) = await ScoredCdnowAsync(provider);

        var overview = await ClvOverview.LoadAsync(store, Ct);

        Assert.Equal((new DateOnly(1997, 9, 30), "bgnbd", 364), (overview.AsOf, overview.Model, overview.HorizonDays));
        Assert.Equal(2_357, overview.Customers);
        Assert.Equal((double)rows.Sum(r => r.Clv), overview.TotalClv, 6);
        // Bands: [from, to), contiguous, covering every customer; each count by a plain loop over the rows.
        Assert.Equal(rows.Count, overview.Distribution.Sum(b => b.Customers));
        Assert.All(overview.Distribution.Zip(overview.Distribution.Skip(1)), p => Assert.Equal(p.First.To, p.Second.From));
        foreach (var band in overview.Distribution)
        {
            var inside = rows.Where(r => (double)r.Clv >= band.From && (double)r.Clv < band.To).ToList();
            Assert.Equal(inside.Count, band.Customers);
            Assert.Equal((double)inside.Sum(r => r.Clv), band.Clv, 6);
        }

        Assert.True(overview.Distribution.Count(b => b.Customers > 0) >= 4, "CDNOW's CLVs spread over several bands");
        var tiers = rows.GroupBy(r => r.Tier).ToDictionary(g => g.Key, g => (Count: g.Count(), Sum: g.Sum(r => r.Clv)));
        Assert.Equal(tiers.Keys.Order(), overview.Tiers.Select(t => t.Name).Order());
        foreach (var tier in overview.Tiers)
        {
            Assert.Equal(tiers[tier.Name].Count, tier.Customers);
            Assert.Equal((double)tiers[tier.Name].Sum, tier.Clv, 6);
            Assert.Equal((double)(tiers[tier.Name].Sum / tiers[tier.Name].Count), tier.MeanClv, 6);
        }

        var bands = rows.GroupBy(r => r.Band ?? "").ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(bands, overview.ChurnBands.ToDictionary(b => b.Name ?? "", b => b.Customers));
        Assert.Equal((rows.Count + 1) / 2, rows.Count(r => r.Risk is not null));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Without_predictions_the_overview_says_so(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);

        var overview = await ClvOverview.LoadAsync(store, Ct);

        Assert.Null(overview.AsOf);
        Assert.Equal(0, overview.Customers);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task The_churn_list_pages_through_one_band_highest_risk_first(StoreProvider provider)
    {
        var (store, rows) = await ScoredCdnowAsync(provider);
        var list = new ChurnRiskList(store);
        var high = rows.Where(r => r.Band == "high").OrderByDescending(r => r.Risk).ThenBy(r => r.CustomerId).Select(r => r.ExternalId).ToList();

        var first = await list.LoadAsync("high", 0, 100, Ct);
        var second = await list.LoadAsync("high", 1, 100, Ct);
        var beyond = await list.LoadAsync("high", 99, 100, Ct);
        var all = await list.LoadAsync(null, 0, 25, Ct);

        Assert.Equal(high.Count, first.Total);
        Assert.Equal(high.Take(100), first.Items.Select(i => i.ExternalId));
        Assert.Equal(high.Skip(100).Take(100), second.Items.Select(i => i.ExternalId));
        Assert.Equal(first.Pages - 1, beyond.Page); // a page past the end shows the last one
        Assert.All(first.Items, i => Assert.Equal("high", i.Band));
        Assert.Equal(rows.Count(r => r.Risk is not null), all.Total);
        Assert.Equal(rows.Where(r => r.Risk is not null).OrderByDescending(r => r.Risk).ThenBy(r => r.CustomerId).Take(25).Select(r => (r.ExternalId, r.Risk!.Value, r.Clv)),
            all.Items.Select(i => (i.ExternalId, i.Risk, i.Clv)));
        // The last order: the latest paid_at of the customer's orders (CDNOW's are all paid), read back through EF here.
        await using var db = store.CreateContext();
        var ids = all.Items.Select(i => i.CustomerId).ToList();
        var paid = (await db.Orders.Where(o => ids.Contains(o.CustomerId)).Select(o => new { o.CustomerId, o.PaidAt }).ToListAsync(Ct))
            .GroupBy(o => o.CustomerId).ToDictionary(g => g.Key, g => g.Max(o => o.PaidAt));
        Assert.All(all.Items, i => Assert.Equal(paid[i.CustomerId], i.LastOrderAt));
    }
}
