using Kith.Core.Customers;
using Kith.Core.Orders;
using Kith.Core.Value;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Data.Tests.Value;

public class DailySalesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // New York leaves daylight saving time on 2026-11-01: that day has 25 hours, so UTC buckets would be wrong.
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateOnly From = new(2026, 10, 20);
    private static readonly DateOnly To = new(2026, 11, 10);

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Daily_figures_match_an_independent_computation_in_the_store_zone(StoreProvider provider)
    {
        var store = await SeedAsync(provider);
        await using var db = store.CreateContext();
        var all = await db.Orders.AsNoTracking().ToListAsync(Ct);

        var report = await DailySales.LoadAsync(store, Zone, From, To, Ct);

        // The definition read literally: paid, not cancelled or refunded, dated by the paid-at day in the zone.
        var paid = all
            .Where(o => o.PaidAt is not null && o.Status is not (OrderStatus.Cancelled or OrderStatus.Refunded))
            .Select(o => (o.CustomerId, Day: DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(o.PaidAt!.Value, Zone).DateTime), Net: o.Total - o.RefundedAmount))
            .Where(o => o.Day >= From && o.Day <= To)
            .ToList();
        Assert.Equal(To.DayNumber - From.DayNumber + 1, report.Days.Count);
        foreach (var day in report.Days)
        {
            var those = paid.Where(o => o.Day == day.Day).ToList();
            Assert.Equal(those.Sum(o => o.Net), day.Gmv);
            Assert.Equal(those.Count, day.Orders);
            Assert.Equal(those.Select(o => o.CustomerId).Distinct().Count(), day.Customers);
            Assert.Equal(those.Count == 0 ? 0m : Math.Round(those.Sum(o => o.Net) / those.Count, 2, MidpointRounding.AwayFromZero), day.Aov);
        }

        Assert.Equal(paid.Select(o => o.CustomerId).Distinct().Count(), report.Customers);
        Assert.True(report.Customers < report.Days.Sum(d => d.Customers), "some customers buy on several days");
        Assert.Contains(report.Days, d => d.Orders == 0);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Period_totals_equal_the_kpi_report_for_the_same_days(StoreProvider provider)
    {
        var store = await SeedAsync(provider);
        var facts = await OrderFactsLoader.LoadAsync(store, Zone, null, Ct);

        var report = await DailySales.LoadAsync(store, Zone, From, To, Ct);
        var kpis = Kpis.Compute(facts, From, To);

        Assert.Equal(kpis.Gmv, report.Gmv);
        Assert.Equal(kpis.Orders, report.Orders);
        Assert.Equal(kpis.Customers, report.Customers);
        Assert.Equal(kpis.Aov, report.Aov);
        Assert.True(report.Orders > 100);
    }

    [Fact]
    public async Task A_period_that_ends_before_it_starts_is_refused()
    {
        var store = await TestStores.CreateAsync(StoreProvider.Sqlite, Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => DailySales.LoadAsync(store, Zone, To, From, Ct));
    }

    private static async Task<KithStore> SeedAsync(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        var random = new Random(7);
        var start = DailySales.StartOf(From.AddDays(-3), Zone);
        await using var db = store.CreateContext();
        var customers = Enumerable.Range(0, 60).Select(i => new Customer { ExternalId = $"C{i}" }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync(Ct);
        for (var i = 0; i < 600; i++)
        {
            // Some orders fall within minutes of a local midnight, where a wrong zone or DST rule shows.
            var day = random.Next(28);
            day = day is 8 or 9 ? 10 : day; // no order on From + 5 (nor spilling into it from the next midnight): a day of zeros
            var at = DailySales.StartOf(From.AddDays(day - 3), Zone).AddMinutes(random.Next(3) == 0 ? random.Next(-3, 3) : random.Next(1440));
            var status = (OrderStatus)random.Next(8);
            var total = random.Next(100, 50000) / 100m;
            db.Orders.Add(new Order
            {
                ExternalId = $"O{i}",
                CustomerId = customers[random.Next(customers.Count)].Id,
                Status = status,
                Total = total,
                RefundedAmount = status == OrderStatus.PartiallyRefunded ? random.Next(0, (int)(total * 100)) / 100m : 0m,
                PlacedAt = at.AddMinutes(-5),
                PaidAt = status == OrderStatus.Created || random.Next(12) == 0 ? null : at,
                Version = at,
            });
        }

        Assert.True(start < DailySales.StartOf(From, Zone));
        await db.SaveChangesAsync(Ct);
        return store;
    }
}
