using Kith.Core.Ingestion;
using Kith.Core.Orders;
using Kith.Core.Value;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kith.Data.Tests.Value;

public class CustomerValueUpdaterTests
{
    private static readonly DateOnly AsOf = new(1998, 7, 1);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IngestItem<T>[] Items<T>(params T[] inputs) => inputs.Select((x, i) => new IngestItem<T>(i, x)).ToArray();

    private static OrderInput Paid(string id, string customer, DateTimeOffset at, decimal total) => new()
    {
        ExternalId = id,
        CustomerId = customer,
        Status = OrderStatus.Paid,
        Total = total,
        PlacedAt = at,
        PaidAt = at,
        Currency = "USD",
    };

    /// <summary>
    /// CDNOW master recomputed as of 1998-07-01, then new orders arrive: customer 00001 buys again, a new customer
    /// buys for the first time, another registers without buying. The update re-scores just them; the expected
    /// values come from a plain pass over their order rows and the quintile formula applied to the stored
    /// distribution (1 + ⌊5 × buyers with a lower value / buyers⌋), not from the cut points.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task New_orders_update_their_customers_against_the_last_recompute_and_nobody_else(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        var time = new FakeTimeProvider(new DateTimeOffset(1998, 7, 2, 0, 0, 0, TimeSpan.Zero));
        Assert.True((await new FileImporter(store, time).ImportAsync(new ImportOptions(TestFiles.CdnowMaster, ImportKind.Orders) { Format = ImportFormat.Cdnow }, null, null, Ct)).Committed);
        var facts = await OrderFactsLoader.LoadAsync(store, TimeZoneInfo.Utc, null, Ct);
        await CustomerValueWriter.WriteAsync(store, facts, ValueEngine.Compute(facts, AsOf, new ValueOptions()), null, Ct);
        List<CustomerValueRow> before;
        await using (var db = store.CreateContext())
        {
            before = await db.CustomerValues.AsNoTracking().ToListAsync(Ct);
        }

        await using (var s = await IngestSession.BeginAsync(store, time, "USD", Ct))
        {
            Assert.Empty((await s.UpsertCustomersAsync(Items(new CustomerInput { ExternalId = "new-buyer" }, new CustomerInput { ExternalId = "new-prospect" }), Ct)).Errors);
            Assert.Empty((await s.UpsertOrdersAsync(Items(
                Paid("late-1", "00001", new DateTimeOffset(1998, 7, 1, 10, 0, 0, TimeSpan.Zero), 100.37m),
                Paid("late-2", "new-buyer", new DateTimeOffset(1998, 6, 20, 9, 0, 0, TimeSpan.Zero), 512.19m)), Ct)).Errors);
            await s.CommitAsync(Ct);
        }

        var written = await CustomerValueUpdater.UpdateAsync(store, ["00001", "new-buyer", "new-prospect"], AsOf, TimeZoneInfo.Utc, Ct);

        Assert.Equal(3, written);
        await using var check = store.CreateContext();
        var ids = await check.Customers.Where(c => c.ExternalId == "00001" || c.ExternalId == "new-buyer" || c.ExternalId == "new-prospect").ToDictionaryAsync(c => c.ExternalId, c => c.Id, Ct);
        var after = await check.CustomerValues.AsNoTracking().ToDictionaryAsync(v => v.CustomerId, Ct);
        Assert.Equal(before.Count + 2, after.Count);
        Assert.All(before.Where(v => v.CustomerId != ids["00001"]), v => Assert.Equivalent(v, after[v.CustomerId]));
        Assert.Equal(2 * before.Count / 2, await check.CustomerValueSnapshots.CountAsync(Ct)); // snapshots are the recomputes' business

        var buyers = before.Where(v => v.RecencyDays is not null).ToList();
        byte Score(Func<CustomerValueRow, decimal> value, decimal mine) => (byte)Math.Min(5, 1 + 5 * buyers.Count(b => value(b) < mine) / buyers.Count);
        var highValueMinimum = buyers.Select(b => b.Monetary).OrderDescending().Take((int)Math.Ceiling(0.05 * buyers.Count)).Min();
        foreach (var (customer, lifecycle) in new[] { ("00001", "active"), ("new-buyer", "new") })
        {
            var orders = await check.Orders.Where(o => o.CustomerId == ids[customer] && o.PaidAt != null).Select(o => new { o.PaidAt, o.Total }).ToListAsync(Ct);
            var recency = AsOf.DayNumber - DateOnly.FromDateTime(orders.Max(o => o.PaidAt)!.Value.UtcDateTime).DayNumber;
            var (frequency, monetary) = (orders.Count, orders.Sum(o => o.Total));
            var (r, f, m) = (Score(b => -b.RecencyDays!.Value, -recency), Score(b => b.Frequency, frequency), Score(b => b.Monetary, monetary));
            var byDay = orders.OrderBy(o => o.PaidAt).ThenBy(o => o.Total).ToList();
            var rising = frequency >= 2 && byDay[^1].Total > byDay.SkipLast(1).Average(o => o.Total);
            var tier = monetary > highValueMinimum ? "high_value" : frequency >= 2 && f is >= 2 and <= 4 && rising ? "potential" : "ordinary";
            var row = after[ids[customer]];
            Assert.Equal(
                (AsOf, (int?)recency, frequency, monetary, (short?)r, (short?)f, (short?)m, ValueNames.Of(ValueEngine.GroupOf(r, f)), lifecycle, tier),
                (row.AsOf, row.RecencyDays, row.Frequency, row.Monetary, row.RScore, row.FScore, row.MScore, row.RfmGroup, row.Lifecycle, row.Tier));
        }

        Assert.Equal((null, 0, 0m, "prospect", ""), (after[ids["new-prospect"]].RecencyDays, after[ids["new-prospect"]].Frequency, after[ids["new-prospect"]].Monetary, after[ids["new-prospect"]].Lifecycle, after[ids["new-prospect"]].Tier));
        Assert.True(after[ids["00001"]].Frequency == before.Single(v => v.CustomerId == ids["00001"]).Frequency + 1);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Before_the_first_recompute_there_is_nothing_to_score_against(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        await using (var s = await IngestSession.BeginAsync(store, TimeProvider.System, "USD", Ct))
        {
            await s.UpsertCustomersAsync(Items(new CustomerInput { ExternalId = "c1" }), Ct);
            await s.CommitAsync(Ct);
        }

        Assert.Equal(0, await CustomerValueUpdater.UpdateAsync(store, ["c1"], AsOf, TimeZoneInfo.Utc, Ct));
        await using var db = store.CreateContext();
        Assert.False(await db.CustomerValues.AnyAsync(Ct));
    }
}
