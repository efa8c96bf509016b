using Kith.Core.Value;
using Xunit;

namespace Kith.Core.Tests.Value;

public class PreferenceTagsTests
{
    private static readonly int Day0 = new DateOnly(2026, 1, 1).DayNumber;

    [Fact]
    public void Tags_follow_the_documented_rules()
    {
        PurchasedLine Line(int day, string category, string? brand, decimal price, decimal spend) => new(0, Day0 + day, category, brand, price, spend);
        var lines = new[]
        {
            Line(0, "Food", "A", 10m, 30m), Line(10, "Food", "A", 10m, 10m), Line(30, "Food", "B", 12m, 12m), // Food days 0, 10, 30: gaps 10, 20 → 15
            Line(5, "Home", "C", 90m, 90m),
            Line(6, "Toys", "D", 50m, 50m), Line(7, "Books", null, 5m, 5m),
        };
        var orders = new[]
        {
            new PaidOrder(0, true, "tmall", 20), new PaidOrder(0, false, "app", 20), new PaidOrder(0, false, "tmall", 9), new PaidOrder(0, true, "app", 9),
        };
        var events = new[] { (0, 21), (0, 21), (0, 21), (0, 9) };
        var catalogue = new[] { 5m, 10m, 12m, 20m, 50m, 90m, 100m }; // tertile limits: 12 (index 2) and 50 (index 4)

        var tags = PreferenceTags.Compute(2, lines, orders, events, catalogue);

        var t = tags[0];
        Assert.Equal(["Home", "Food", "Toys"], t.TopCategories);         // by spend 90, 52, 50; Books (5) is fourth
        Assert.Equal(["C", "D", "A"], t.TopBrands);                      // 90, 50, 40; a line without brand is not a brand
        Assert.Equal("low", t.PriceBand);                                // median unit price (10 + 12) / 2 = 11 ≤ 12, the lower tertile limit
        Assert.Equal((0.5, "high", "app"), (t.PromotionShare, t.PromotionSensitivity, t.PreferredChannel)); // tmall and app 2 each: by name
        Assert.Equal([9, 21, 20], t.ActiveHours);                        // 9: 3 times (2 orders + 1 event), 21: 3 (events), 20: 2
        Assert.Equal(new Dictionary<string, int> { ["Food"] = 15 }, t.RepurchaseCycleDays);
        Assert.Equal((null, null, 0.0), (tags[1].PriceBand, tags[1].PromotionSensitivity, tags[1].PromotionShare)); // no purchases: no tags
    }
}
