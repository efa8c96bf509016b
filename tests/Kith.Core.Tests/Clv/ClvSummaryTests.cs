using Kith.Core.Clv;
using Xunit;

namespace Kith.Core.Tests.Clv;

public class ClvSummaryTests
{
    private static readonly DateOnly Jan1 = new(2026, 1, 1);

    private static ClvSummary Build(DateOnly calibrationEnd, DateOnly? holdoutEnd, ClvTimeUnit unit, params CustomerPurchases[] customers) =>
        ClvSummary.Build(customers, new ClvSummaryOptions(calibrationEnd) { HoldoutEnd = holdoutEnd, Unit = unit });

    [Fact]
    public void Cdnow_sample_gives_the_published_calibration_and_holdout_totals()
    {
        var s = CdnowSample.Summary;

        Assert.Equal(2_357, s.CustomerCount);
        Assert.Equal(2_457, s.X.Sum());
        Assert.Equal(1_411, s.X.Count(x => x == 0));
        Assert.Equal(1_882, s.HoldoutX.Sum());
        Assert.Equal(946, s.X.Count(x => x > 0));
        Assert.Equal(39.0, s.HoldoutLength, 12);
    }

    [Fact]
    public void Cdnow_sample_customer_1_matches_the_published_summary_row()
    {
        // cdnow_customers_summary_with_transactions.csv, ID 1: x = 2, t_x = 30.43, T = 38.86, zbar = 22.35 (22.345 rounded)
        var s = CdnowSample.Summary;
        var i = Array.IndexOf(s.CustomerIds, "0001");

        Assert.Equal(2, s.X[i]);
        Assert.Equal(30.43, s.Tx[i], 2);
        Assert.Equal(38.86, s.T[i], 2);
        Assert.Equal((29.73 + 14.96) / 2, s.Monetary[i], 9); // the published 22.35, unrounded
        Assert.Equal(1, s.HoldoutX[i]);
    }

    [Fact]
    public void Purchases_on_one_day_merge_and_their_values_add_up()
    {
        var s = Build(Jan1.AddDays(20), Jan1.AddDays(40), ClvTimeUnit.Day,
            new CustomerPurchases("c", [new(Jan1, 10m), new(Jan1, 5m), new(Jan1.AddDays(6), 7m), new(Jan1.AddDays(6), 3m), new(Jan1.AddDays(30), 1m), new(Jan1.AddDays(30), 1m)]));

        Assert.Equal((1, 6.0, 20.0, 10.0, 1, 2.0), (s.X[0], s.Tx[0], s.T[0], s.Monetary[0], s.HoldoutX[0], s.HoldoutMonetary[0]));
    }

    [Fact]
    public void Weeks_measure_days_divided_by_seven_and_a_purchase_on_the_calibration_end_day_counts()
    {
        var s = Build(Jan1.AddDays(14), null, ClvTimeUnit.Week, new CustomerPurchases("c", [new(Jan1, 1m), new(Jan1.AddDays(14), 2m), new(Jan1.AddDays(15), 4m)]));

        Assert.Equal((1, 2.0, 2.0), (s.X[0], s.Tx[0], s.T[0]));
        Assert.Equal(0, s.HoldoutX[0]);
    }

    [Fact]
    public void A_customer_with_one_purchase_has_x_0_and_t_x_0()
    {
        var s = Build(Jan1.AddDays(10), null, ClvTimeUnit.Day, new CustomerPurchases("c", [new(Jan1.AddDays(3), 9m)]));

        Assert.Equal((0, 0.0, 7.0, 0.0), (s.X[0], s.Tx[0], s.T[0], s.Monetary[0]));
    }

    [Fact]
    public void Customers_whose_first_purchase_is_after_the_calibration_end_are_left_out()
    {
        var s = Build(Jan1.AddDays(10), null, ClvTimeUnit.Day,
            new CustomerPurchases("in", [new(Jan1, 1m)]), new CustomerPurchases("later", [new(Jan1.AddDays(11), 1m)]), new CustomerPurchases("never", []));

        Assert.Equal(["in"], s.CustomerIds);
        Assert.Equal(1, s.LeftOut);
    }

    [Fact]
    public void Empty_input_is_an_error_that_says_so()
    {
        var e = Assert.Throws<ArgumentException>(() => Build(Jan1, null, ClvTimeUnit.Day));
        Assert.Contains("no purchases", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_calibration_end_before_any_purchase_is_an_error_that_names_it()
    {
        var e = Assert.Throws<ArgumentException>(() => Build(Jan1.AddDays(-1), null, ClvTimeUnit.Day, new CustomerPurchases("c", [new(Jan1, 1m)])));
        Assert.Contains("calibration end", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-5, ClvTimeUnit.Day)]
    [InlineData(0, ClvTimeUnit.Day)]
    [InlineData(6, ClvTimeUnit.Week)]
    public void A_holdout_end_not_at_least_one_period_after_the_calibration_end_is_an_error(int days, ClvTimeUnit unit)
    {
        var e = Assert.Throws<ArgumentException>(() => Build(Jan1.AddDays(10), Jan1.AddDays(10 + days), unit, new CustomerPurchases("c", [new(Jan1, 1m)])));
        Assert.Contains("holdout end", e.Message, StringComparison.Ordinal);
    }
}
