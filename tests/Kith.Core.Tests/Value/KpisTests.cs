using Kith.Core.Value;
using Xunit;

namespace Kith.Core.Tests.Value;

public class KpisTests
{
    private static readonly DateOnly From = new(2026, 10, 1);
    private static readonly DateOnly To = new(2026, 10, 31);

    private static OrderFacts Store(int customers, params (int Customer, DateOnly Day, decimal Value)[] orders) =>
        OrderFacts.FromRows(
            Enumerable.Range(1, customers).Select(i => (long)i).ToArray(),
            Enumerable.Range(1, customers).Select(i => $"c{i}").ToArray(),
            orders.Select(o => o.Customer).ToArray(),
            orders.Select(o => o.Day.DayNumber).ToArray(),
            orders.Select(o => o.Value).ToArray());

    [Fact]
    public void A_small_store_gives_the_documented_figures()
    {
        var facts = Store(
            4,
            (0, new(2026, 10, 2), 100m), (0, new(2026, 10, 20), 50m), // repeat buyer, again within 45 days
            (1, new(2026, 7, 1), 30m), (1, new(2026, 10, 5), 60m),    // 91 days since last order before the period: 90–140 band
            (2, new(2026, 9, 10), 10m),                               // 20 days: no band; did not buy in the period
            (3, new(2026, 11, 3), 99m));                              // after the period

        var k = Kpis.Compute(facts, From, To);

        Assert.Equal((210m, 3, 2), (k.Gmv, k.Orders, k.Customers));
        Assert.Equal((70m, 105m, 3, 70m), (k.Aov, k.SpendPerCustomer, k.CustomerBase, k.Arpu));
        Assert.Equal((0.5, 0.5), (k.RepurchaseRate, k.Repurchase45Rate));
        Assert.Equal(new BandRate(1, 1, 1.0), k.PurchaseRateBySinceLastOrder.Days90To140);
        Assert.Equal(new BandRate(0, 0, 0), k.PurchaseRateBySinceLastOrder.Days45To90);
        Assert.Equal((3, 0.0), (k.Rolling12MonthCustomers, k.Rolling12MonthReturningShare));
        Assert.Equal(150.0 / 210.0, k.Top5PercentGmvShare, 12);
    }

    [Fact]
    public void An_empty_period_gives_zeros_not_NaN_and_a_reversed_period_is_refused()
    {
        var k = Kpis.Compute(Store(1, (0, new(2025, 1, 1), 10m)), From, To);

        Assert.Equal((0m, 0, 0, 0m, 0m), (k.Gmv, k.Orders, k.Customers, k.Aov, k.SpendPerCustomer));
        Assert.Equal((0.0, 0.0, 0.0), (k.RepurchaseRate, k.Repurchase45Rate, k.Top5PercentGmvShare));
        Assert.Throws<ArgumentException>(() => Kpis.Compute(Store(0), To, From));
    }

    [Fact]
    public void The_comparison_period_has_as_many_days_and_ends_the_day_before()
    {
        var facts = Store(2, (0, new(2026, 9, 30), 40m), (0, new(2026, 8, 31), 10m), (0, new(2026, 8, 30), 99m), (1, new(2026, 10, 31), 60m));

        var c = KpiComparison.Compute(facts, From, To);

        Assert.Equal((new DateOnly(2026, 8, 31), new DateOnly(2026, 9, 30)), (c.Previous.From, c.Previous.To));
        Assert.Equal((60m, 1), (c.Current.Gmv, c.Current.Orders));
        Assert.Equal((50m, 2), (c.Previous.Gmv, c.Previous.Orders));
        Assert.Equal((new DateOnly(2026, 10, 31), new DateOnly(2026, 10, 31)), KpiComparison.PreviousPeriod(new(2026, 11, 1), new(2026, 11, 1)));
    }

    [Fact]
    public void A_change_against_nothing_is_null_and_rates_change_in_points()
    {
        Assert.Equal(0.2, KpiComparison.RelativeChange(120, 100)!.Value, 12);
        Assert.Equal(-1.5, KpiComparison.RelativeChange(-50, 100)!.Value, 12);
        Assert.Equal(2.0, KpiComparison.RelativeChange(10, -10)!.Value, 12);
        Assert.Null(KpiComparison.RelativeChange(5, 0));
        Assert.Equal(2.5, KpiComparison.PointChange(0.125, 0.1), 12);
        Assert.Throws<ArgumentException>(() => KpiComparison.PreviousPeriod(DateOnly.MinValue, DateOnly.MinValue.AddDays(3)));
    }
}
