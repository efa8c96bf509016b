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

public class OrderFactsLoaderTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TimeZoneInfo Shanghai => TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Only_paid_orders_count_net_of_refunds_on_their_day_in_the_store_time_zone(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        var late = new DateTimeOffset(2026, 10, 31, 20, 0, 0, TimeSpan.Zero); // 1 November 04:00 in Shanghai
        OrderInput Order(string id, OrderStatus status, decimal total, decimal refunded = 0m) => new()
        {
            ExternalId = id, CustomerId = "c1", Status = status, Total = total, RefundedAmount = refunded, PlacedAt = late,
            PaidAt = status is OrderStatus.Created ? null : late,
            CancelledAt = status is OrderStatus.Cancelled ? late : null,
            RefundedAt = status is OrderStatus.Refunded or OrderStatus.PartiallyRefunded ? late : null,
        };
        await using (var s = await IngestSession.BeginAsync(store, _time, "CNY", Ct))
        {
            await s.UpsertCustomersAsync([new(0, new CustomerInput { ExternalId = "c1" }), new(1, new CustomerInput { ExternalId = "c2" })], Ct);
            var result = await s.UpsertOrdersAsync(
                [
                    new(0, Order("paid", OrderStatus.Paid, 100m)),
                    new(1, Order("part", OrderStatus.PartiallyRefunded, 100m, 30m)),
                    new(2, Order("refunded", OrderStatus.Refunded, 100m, 100m)),
                    new(3, Order("cancelled", OrderStatus.Cancelled, 100m)),
                    new(4, Order("unpaid", OrderStatus.Created, 100m)),
                ],
                Ct);
            Assert.Empty(result.Errors);
            await s.CommitAsync(Ct);
        }

        var utc = await OrderFactsLoader.LoadAsync(store, TimeZoneInfo.Utc, null, Ct);
        var shanghai = await OrderFactsLoader.LoadAsync(store, Shanghai, null, Ct);

        Assert.Equal(["c1", "c2"], utc.ExternalIds);
        Assert.Equal([0, 2, 2], utc.Start);
        Assert.Equal([70m, 100m], utc.NetValue);
        Assert.Equal(new DateOnly(2026, 10, 31).DayNumber, utc.Day[0]);
        Assert.Equal(new DateOnly(2026, 11, 1).DayNumber, shanghai.Day[0]);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Cdnow_rfm_from_the_loaded_facts_agrees_with_a_group_by_query_on_the_same_store(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        var import = await new FileImporter(store, _time).ImportAsync(new ImportOptions(TestFiles.CdnowMaster, ImportKind.Orders) { Format = ImportFormat.Cdnow }, null, null, Ct);
        Assert.True(import.Committed);
        var asOf = new DateOnly(1998, 7, 1);

        var facts = await OrderFactsLoader.LoadAsync(store, TimeZoneInfo.Utc, null, Ct);
        var values = ValueEngine.Compute(facts, asOf, new ValueOptions()).Values;

        // The same measures by the database itself: GROUP BY over the raw order rows.
        await using var db = store.CreateContext();
        var rows = await db.Orders.Where(o => o.PaidAt != null && o.Status != OrderStatus.Cancelled && o.Status != OrderStatus.Refunded)
            .GroupBy(o => o.CustomerId)
            .Select(g => new { CustomerId = g.Key, Count = g.Count(), Sum = g.Sum(o => o.Total - o.RefundedAmount), Last = g.Max(o => o.PaidAt) })
            .ToListAsync(Ct);
        var externalIds = await db.Customers.ToDictionaryAsync(c => c.Id, c => c.ExternalId, Ct);
        Assert.Equal(23_570, rows.Count);
        var byExternalId = facts.ExternalIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => values[p.i]);
        foreach (var row in rows)
        {
            var v = byExternalId[externalIds[row.CustomerId]];
            var recency = asOf.DayNumber - DateOnly.FromDateTime(row.Last!.Value.UtcDateTime).DayNumber;
            Assert.Equal((recency, row.Count, row.Sum), (v.RecencyDays!.Value, v.Frequency, v.Monetary));
        }
    }
}
