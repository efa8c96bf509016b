using Kith.Core.Customers;
using Kith.Core.Customers.Demo;
using Kith.Core.Orders;
using Xunit;

namespace Kith.Core.Tests.Customers;

public class DemoStoreTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 1);

    /// <summary>One population of 20,000 customers shared by the statistical checks below.</summary>
    private static readonly Lazy<DemoCustomer[]> Population = new(() => new DemoStore(20_000, 7, AsOf).Customers().ToArray());

    [Fact]
    public void The_same_seed_gives_the_same_store()
    {
        var a = new DemoStore(300, 11, AsOf).Customers().ToArray();
        var b = new DemoStore(300, 11, AsOf).Customers().ToArray();

        Assert.Equal(Fingerprint(a), Fingerprint(b));
    }

    [Fact]
    public void Different_seeds_give_different_stores()
    {
        var a = new DemoStore(300, 11, AsOf).Customers().ToArray();
        var b = new DemoStore(300, 12, AsOf).Customers().ToArray();

        Assert.NotEqual(Fingerprint(a), Fingerprint(b));
    }

    [Fact]
    public void Customers_average_about_five_orders_and_some_never_buy()
    {
        var customers = Population.Value;

        var meanOrders = customers.Average(c => c.Orders.Count);
        var prospects = customers.Count(c => c.Orders.Count == 0) / (double)customers.Length;
        var repeat = customers.Count(c => c.Orders.Count >= 2) / (double)customers.Length;

        Assert.InRange(meanOrders, 4.0, 6.5);
        Assert.InRange(prospects, 0.08, 0.25);
        Assert.InRange(repeat, 0.5, 0.85);
    }

    [Fact]
    public void The_top_five_percent_of_customers_hold_a_large_share_of_spend()
    {
        var spend = Population.Value.Select(c => c.Orders.Where(o => o.PaidAt is not null).Sum(o => Lines(o))).OrderDescending().ToArray();

        var top = spend.Take(spend.Length / 20).Sum();
        var share = top / spend.Sum();

        Assert.InRange(share, 0.25m, 0.6m);
    }

    [Fact]
    public void Last_purchases_spread_over_active_silent_sleeping_and_churned_windows()
    {
        var end = new DateTimeOffset(AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var recencies = Population.Value.Where(c => c.Orders.Count > 0)
            .Select(c => (end - c.Orders.Max(o => o.PlacedAt!.Value)).TotalDays).ToArray();

        double Share(Func<double, bool> f) => recencies.Count(f) / (double)recencies.Length;

        Assert.InRange(Share(d => d <= 45), 0.1, 0.6);
        Assert.InRange(Share(d => d is > 45 and <= 90), 0.03, 0.4);
        Assert.InRange(Share(d => d is > 90 and <= 140), 0.02, 0.3);
        Assert.InRange(Share(d => d > 140), 0.15, 0.75);
    }

    [Fact]
    public void Some_orders_use_coupons_and_some_are_refunded_or_cancelled()
    {
        var orders = Population.Value.SelectMany(c => c.Orders).ToArray();

        double Share(Func<Kith.Core.Ingestion.OrderInput, bool> f) => orders.Count(f) / (double)orders.Length;

        Assert.InRange(Share(o => o.CouponCode is not null), 0.1, 0.5);
        Assert.InRange(Share(o => o.Status is OrderStatus.Refunded or OrderStatus.PartiallyRefunded), 0.01, 0.06);
        Assert.InRange(Share(o => o.Status == OrderStatus.Cancelled), 0.02, 0.08);
    }

    [Fact]
    public void Every_timestamp_is_before_the_as_of_date_and_status_times_are_in_order()
    {
        var end = new DateTimeOffset(AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        foreach (var c in Population.Value.Take(5000))
        {
            Assert.All(c.Events, e => Assert.True(e.OccurredAt < end));
            foreach (var o in c.Orders)
            {
                var steps = new[] { o.PlacedAt, o.PaidAt, o.ShippedAt, o.DeliveredAt, o.CompletedAt }.Where(t => t is not null).Select(t => t!.Value).ToArray();
                Assert.Equal(steps.Order(), steps);
                Assert.True(steps[^1] < end);
                Assert.Empty(o.Validate(end.AddDays(30)));
            }

            Assert.Empty(c.Customer.Validate(end.AddDays(30)));
        }
    }

    [Fact]
    public void Customers_include_Chinese_and_English_names_and_consents()
    {
        var customers = Population.Value.Select(c => c.Customer).ToArray();

        var chinese = customers.Count(c => c.Name!.Any(ch => ch >= '\u4e00' && ch <= '\u9fff')) / (double)customers.Length;

        Assert.InRange(chinese, 0.6, 0.8);
        Assert.Contains(customers, c => c.Name!.Contains(' ', StringComparison.Ordinal));
        Assert.InRange(customers.Count(c => c.ConsentSms == true) / (double)customers.Length, 0.4, 0.8);
        Assert.Contains(customers, c => c.Gender == Gender.Female);
    }

    [Fact]
    public void The_same_product_viewed_many_times_without_buying_happens()
    {
        var repeatedViews = Population.Value.Count(c => c.Events
            .Where(e => e.Type == "view_product")
            .GroupBy(e => e.Sku)
            .Any(g => g.Count() > 3 && !c.Orders.Any(o => o.Lines!.Any(l => l.Sku == g.Key))));

        Assert.True(repeatedViews > 500, $"only {repeatedViews} customers viewed one product more than 3 times without buying it");
    }

    private static decimal Lines(Kith.Core.Ingestion.OrderInput o) => o.Lines!.Sum(l => l.Quantity!.Value * l.UnitPrice!.Value);

    private static string Fingerprint(DemoCustomer[] customers) => string.Join('|', customers.Select(c =>
        $"{c.Customer.ExternalId},{c.Customer.Name},{c.Customer.Phone},{c.Orders.Count},{c.Orders.Sum(Lines)},{c.Events.Count},{(c.Orders.Count > 0 ? c.Orders[0].PlacedAt : null):O}"));
}
