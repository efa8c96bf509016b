using Kith.Core.Value;
using Xunit;

namespace Kith.Core.Tests.Value;

public class CategoryLifecycleTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 1);

    private static PurchasedLine Line(int customer, int daysAgo, string category) => new(customer, AsOf.DayNumber - daysAgo, category, null, 10m, 10m);

    [Fact]
    public void Each_customer_gets_a_stage_per_category_with_windows_from_their_last_purchase_in_it()
    {
        PurchasedLine[] lines =
        [
            Line(0, 25, "母婴 Baby"), Line(0, 100, "母婴 Baby"), Line(0, 3, "家居 Home"), // last formula 25 days ago: silent (20 < 25 ≤ 40)
            Line(1, 10, "母婴 Baby"),                                                    // first and last 10 days ago: new
            Line(2, 30, "母婴 Baby"), Line(2, 70, "母婴 Baby"),                          // ... and a purchase in the future, which does not count
            Line(2, -5, "母婴 Baby"),
            Line(3, 61, "母婴 Baby"),                                                    // 61 > 60: churned
            Line(4, 15, "母婴 Baby"), Line(4, 50, "母婴 Baby"),                          // 15 ≤ 20, first 50 days ago: active
        ];
        var windows = new Dictionary<string, LifecycleWindows> { ["母婴 Baby"] = new(20, 40, 60) };

        var result = CategoryLifecycle.Compute(6, lines, new CategoryLifecycleOptions(AsOf, windows));

        Assert.Equal(
            [LifecycleStage.Silent, LifecycleStage.New, LifecycleStage.Silent, LifecycleStage.Churned, LifecycleStage.Active],
            result.Stages.Take(5).Select(s => s["母婴 Baby"]));
        Assert.All(result.Stages, s => Assert.False(s.ContainsKey("家居 Home"))); // no windows, no stage
        Assert.Empty(result.Stages[5]);
        Assert.Equal(windows, result.Windows);
    }

    [Fact]
    public void Calibrated_categories_split_their_own_buyers_3_3_3_1_and_small_ones_get_none()
    {
        // 20 buyers of Home, last bought 1..20 days ago; 19 buyers of Toys.
        var lines = Enumerable.Range(0, 20).Select(c => Line(c, c + 1, "家居 Home"))
            .Concat(Enumerable.Range(0, 19).Select(c => Line(c, 2, "玩具 Toys"))).ToList();

        var result = CategoryLifecycle.Compute(20, lines, new CategoryLifecycleOptions(AsOf, new Dictionary<string, LifecycleWindows>(), CalibrateOthers: true));

        // Smallest whole days holding 30% / 60% / 90% of the 20 buyers: 6, 12, 18.
        Assert.Equal(new LifecycleWindows(6, 12, 18), result.Windows["家居 Home"]);
        Assert.False(result.Windows.ContainsKey("玩具 Toys"));
        var split = result.Stages.Select(s => s["家居 Home"] is LifecycleStage.New ? LifecycleStage.Active : s["家居 Home"]).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal((6, 6, 6, 2), (split[LifecycleStage.Active], split[LifecycleStage.Silent], split[LifecycleStage.Sleeping], split[LifecycleStage.Churned]));
    }

    [Theory]
    [InlineData("母婴 Baby=20,40", "expected CATEGORY=ACTIVE,SILENT,SLEEPING")]
    [InlineData("=20,40,60", "expected CATEGORY=ACTIVE,SILENT,SLEEPING")]
    [InlineData("Baby=20,x,60", "expected CATEGORY=ACTIVE,SILENT,SLEEPING")]
    [InlineData("Baby=40,20,60", "active ≤ silent ≤ sleeping")]
    public void Bad_windows_are_refused_with_the_reason(string text, string reason)
    {
        var e = Assert.ThrowsAny<Exception>(() => CategoryLifecycleOptions.ParseWindows(text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_parse_with_spaces_and_an_equals_sign_in_the_name()
    {
        Assert.Equal(("a=b Baby", new LifecycleWindows(20, 40, 60)), CategoryLifecycleOptions.ParseWindows("a=b Baby =20,40,60"));
    }
}
