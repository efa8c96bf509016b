using Kith.Core.Value;
using Xunit;

namespace Kith.Core.Tests.Value;

public class CohortAnalysisTests
{
    private static OrderFacts Store(int customers, params (int Customer, DateOnly Day)[] orders) =>
        OrderFacts.FromRows(
            Enumerable.Range(1, customers).Select(i => (long)i).ToArray(),
            Enumerable.Range(1, customers).Select(i => $"c{i}").ToArray(),
            orders.Select(o => o.Customer).ToArray(),
            orders.Select(o => o.Day.DayNumber).ToArray(),
            orders.Select(_ => 10m).ToArray());

    [Fact]
    public void Retention_counts_each_cohort_customer_once_per_month_they_bought_in()
    {
        var facts = Store(
            4,
            (0, new(2026, 1, 5)), (0, new(2026, 1, 20)), (0, new(2026, 3, 1)), // January cohort, back in March
            (1, new(2026, 1, 31)), (1, new(2026, 2, 1)),                      // January cohort, back in February
            (2, new(2026, 2, 14)),                                            // February cohort
            (3, new(2026, 5, 1)));                                            // after the as-of date: not counted

        var report = CohortAnalysis.Retention(facts, new DateOnly(2026, 3, 31));

        Assert.Equal(2, report.Cohorts.Count);
        var january = report.Cohorts[0];
        Assert.Equal((new DateOnly(2026, 1, 1), 2), (january.Month, january.Customers));
        Assert.Equal([2, 1, 1], january.Active);
        Assert.Equal([1.0, 0.5, 0.5], january.Retention);
        Assert.Equal([1, 0], report.Cohorts[1].Active);
    }

    [Fact]
    public void Flow_counts_moves_between_stages_and_everybody_is_counted_once()
    {
        var facts = Store(3, (0, new(2026, 1, 1)), (0, new(2026, 6, 1)), (1, new(2026, 1, 1)), (2, new(2026, 5, 20)));

        var flow = CohortAnalysis.Flow(facts, new DateOnly(2026, 1, 31), new DateOnly(2026, 6, 10), new ValueOptions());

        Assert.Equal(1, flow.Counts[(int)LifecycleStage.New][(int)LifecycleStage.Active]);   // came back
        Assert.Equal(1, flow.Counts[(int)LifecycleStage.New][(int)LifecycleStage.Churned]);  // 160 days without a purchase
        Assert.Equal(1, flow.Counts[(int)LifecycleStage.Prospect][(int)LifecycleStage.New]); // first purchase in between
        Assert.Equal(3, flow.Counts.Sum(r => r.Sum()));
        Assert.Throws<ArgumentException>(() => CohortAnalysis.Flow(facts, new DateOnly(2026, 6, 10), new DateOnly(2026, 1, 31), new ValueOptions()));
    }
}
