using FsCheck;
using FsCheck.Fluent;
using Kith.Core.Value;
using Xunit;

namespace Kith.Core.Tests.Value;

public class ValueEngineTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 1);

    /// <summary>A store from (customer, days before as-of, net value) rows; customers 0..count-1.</summary>
    private static OrderFacts Store(int customers, params (int Customer, int DaysAgo, decimal Value)[] orders) =>
        OrderFacts.FromRows(
            Enumerable.Range(1, customers).Select(i => (long)i).ToArray(),
            Enumerable.Range(1, customers).Select(i => $"c{i}").ToArray(),
            orders.Select(o => o.Customer).ToArray(),
            orders.Select(o => AsOf.DayNumber - o.DaysAgo).ToArray(),
            orders.Select(o => o.Value).ToArray());

    [Theory]
    // The documented R × F table (docs/metrics.md), row by row.
    [InlineData(5, "new potential_loyalist potential_loyalist champions champions")]
    [InlineData(4, "promising potential_loyalist potential_loyalist loyal loyal")]
    [InlineData(3, "about_to_sleep about_to_sleep need_attention loyal loyal")]
    [InlineData(2, "hibernating hibernating at_risk at_risk cant_lose")]
    [InlineData(1, "lost hibernating at_risk at_risk cant_lose")]
    public void Rfm_groups_follow_the_documented_grid(byte r, string groupsForF1To5)
    {
        var expected = groupsForF1To5.Split(' ');
        for (byte f = 1; f <= 5; f++)
        {
            Assert.Equal(expected[f - 1], ValueNames.Of(ValueEngine.GroupOf(r, f)));
        }
    }

    [Fact]
    public void Recency_frequency_and_monetary_count_only_orders_up_to_the_as_of_day()
    {
        var facts = Store(3, (0, 10, 100m), (0, 3, 50m), (0, -2, 999m), (1, 200, 80m), (1, 0, -5m));

        var v = ValueEngine.Compute(facts, AsOf, new ValueOptions()).Values;

        Assert.Equal((3, 2, 150m), (v[0].RecencyDays!.Value, v[0].Frequency, v[0].Monetary)); // the future order is not counted
        Assert.Equal((0, 2, 75m), (v[1].RecencyDays!.Value, v[1].Frequency, v[1].Monetary)); // a negative net value is summed, not refused
        Assert.Equal((null, 0, 0m, LifecycleStage.Prospect, ValueTier.None), (v[2].RecencyDays, v[2].Frequency, v[2].Monetary, v[2].Lifecycle, v[2].Tier));
    }

    [Fact]
    public void Scores_are_quintiles_and_ties_share_the_lowest_score_their_value_allows()
    {
        // Ten buyers with 1, 1, 1, 1, 1, 2, 3, 4, 5, 6 orders (all today).
        var counts = new[] { 1, 1, 1, 1, 1, 2, 3, 4, 5, 6 };
        var orders = counts.SelectMany((n, c) => Enumerable.Range(0, n).Select(_ => (c, 0, 10m))).ToArray();

        var v = ValueEngine.Compute(Store(10, orders), AsOf, new ValueOptions()).Values;

        // F score = 1 + floor(5 × (buyers with fewer orders) / 10): 0→1, 5→3, 6→4, 7→4, 8→5, 9→5.
        Assert.Equal([1, 1, 1, 1, 1, 3, 4, 4, 5, 5], v.Select(x => (int)x.FScore!.Value));
        Assert.All(v, x => Assert.Equal((byte)1, x.RScore!.Value)); // everybody bought today: one tie, one score
    }

    [Fact]
    public void Lifecycle_uses_the_windows_and_new_means_a_first_purchase_within_the_active_window()
    {
        var facts = Store(6, (0, 10, 1m), (1, 100, 1m), (1, 30, 1m), (2, 60, 1m), (3, 120, 1m), (4, 141, 1m), (5, 140, 1m));

        var stages = ValueEngine.Compute(facts, AsOf, new ValueOptions()).Values.Select(x => x.Lifecycle);

        Assert.Equal([LifecycleStage.New, LifecycleStage.Active, LifecycleStage.Silent, LifecycleStage.Sleeping, LifecycleStage.Churned, LifecycleStage.Sleeping], stages);
    }

    [Fact]
    public void The_high_value_tier_is_the_top_5_percent_by_value_and_reports_its_share()
    {
        var orders = Enumerable.Range(0, 40).Select(c => (c, 5, (decimal)(c + 1))).ToArray();

        var result = ValueEngine.Compute(Store(40, orders), AsOf, new ValueOptions());

        Assert.Equal([38, 39], result.Values.Select((x, i) => (x, i)).Where(p => p.x.Tier == ValueTier.HighValue).Select(p => p.i));
        Assert.Equal((39 + 40) / (40 * 41 / 2.0), result.HighValueShare, 10);
    }

    [Fact]
    public void An_empty_store_or_an_as_of_before_the_first_order_gives_prospects_and_no_NaN()
    {
        foreach (var facts in new[] { Store(0), Store(2, (0, -30, 10m)) })
        {
            var result = ValueEngine.Compute(facts, AsOf, new ValueOptions { Calibrate = true });

            Assert.All(result.Values, v => Assert.Equal(LifecycleStage.Prospect, v.Lifecycle));
            Assert.Equal(0, result.HighValueShare);
            Assert.Equal(LifecycleWindows.Default, result.Windows);
        }
    }

    [Fact]
    public void Windows_out_of_order_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ValueEngine.Compute(Store(1, (0, 1, 1m)), AsOf, new ValueOptions { Windows = new LifecycleWindows(90, 45, 140) }));
    }

    /// <summary>
    /// 3:3:3:1 calibration on random stores: each window is the smallest whole day holding at least 30% / 60% / 90%
    /// of the buyers, so the split is exact up to the buyers tied on the boundary day; with recencies spread
    /// over years that is within two points of 30/30/30/10.
    /// </summary>
    [Fact]
    public void Calibration_splits_buyers_3_3_3_1()
    {
        var stores =
            from n in Gen.Choose(300, 3000)
            from spread in Gen.Choose(400, 1500)
            from recencies in Gen.ArrayOf(Gen.Choose(0, spread), n)
            select recencies;
        Prop.ForAll(stores.ToArbitrary(), recencies =>
        {
            var orders = recencies.Select((r, c) => (c, r, 10m)).ToArray();
            var result = ValueEngine.Compute(Store(recencies.Length, orders), AsOf, new ValueOptions { Calibrate = true });
            var w = result.Windows;
            var n = (double)recencies.Length;
            double AtMost(int d) => recencies.Count(r => r <= d) / n;
            var minimal = new[] { (w.Active, 0.3), (w.Silent, 0.6), (w.Sleeping, 0.9) }
                .All(x => AtMost(x.Item1) >= x.Item2 && AtMost(x.Item1 - 1) < x.Item2);
            var stages = result.Values.GroupBy(v => v.Lifecycle is LifecycleStage.New ? LifecycleStage.Active : v.Lifecycle).ToDictionary(g => g.Key, g => g.Count() / n);
            var split = new[] { stages.GetValueOrDefault(LifecycleStage.Active), stages.GetValueOrDefault(LifecycleStage.Silent), stages.GetValueOrDefault(LifecycleStage.Sleeping), stages.GetValueOrDefault(LifecycleStage.Churned) };
            var close = split.Zip(new[] { 0.3, 0.3, 0.3, 0.1 }).All(p => Math.Abs(p.First - p.Second) <= 0.02);
            return (minimal && close).Label($"windows {w}, split {string.Join('/', split.Select(s => s.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)))}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    /// <summary>
    /// Between recomputes one customer is re-scored against the stored cut points. On the distribution they were
    /// cut from, that must give every customer exactly what the full computation gave (scores, group, stage,
    /// tier) — except a buyer tied with the smallest high-value buyer on both value and orders, whom only the
    /// full computation can place (by customer age).
    /// </summary>
    [Fact]
    public void One_customer_scored_against_the_stored_cut_points_gets_what_the_full_computation_gives()
    {
        var stores =
            from customers in Gen.Choose(1, 400)
            from orders in Gen.ArrayOf(
                from c in Gen.Choose(0, customers - 1)
                from daysAgo in Gen.Choose(-10, 400)
                from value in Gen.Elements(5m, 10m, 20m, 35.5m, 100m, 250m, -5m)
                select (c, daysAgo, value))
            from calibrate in Gen.Elements(false, true)
            select (customers, orders, calibrate);
        Prop.ForAll(stores.ToArbitrary(), store =>
        {
            var facts = Store(store.customers, store.orders);
            var result = ValueEngine.Compute(facts, AsOf, new ValueOptions { Calibrate = store.calibrate });
            var scale = result.Scale;
            for (var i = 0; i < facts.CustomerCount; i++)
            {
                var range = facts.Start[i]..facts.Start[i + 1];
                var one = ValueEngine.ComputeOne(facts.Day.AsSpan(range), facts.NetValue.AsSpan(range), AsOf, scale);
                var full = result.Values[i];
                var tiedAtTheEdge = full.Monetary == scale.HighValueMinimum && full.Frequency == scale.HighValueMinimumFrequency;
                if (tiedAtTheEdge ? one with { Tier = full.Tier } != full : one != full)
                {
                    return false.Label($"customer {i}: full {full}, one {one}, scale {scale}");
                }
            }

            return true.ToProperty();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void A_store_without_buyers_scores_a_first_buyer_1_1_1()
    {
        var result = ValueEngine.Compute(Store(2), AsOf, new ValueOptions());

        var v = ValueEngine.ComputeOne([AsOf.DayNumber], [40m], AsOf, result.Scale);

        Assert.Equal((0, 1, 40m, (byte)1, (byte)1, (byte)1, LifecycleStage.New, ValueTier.Ordinary), (v.RecencyDays!.Value, v.Frequency, v.Monetary, v.RScore!.Value, v.FScore!.Value, v.MScore!.Value, v.Lifecycle, v.Tier));
    }
}
