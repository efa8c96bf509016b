using Kith.Core.Segments;
using Xunit;

namespace Kith.Core.Tests.Segments;

public class SegmentEvaluatorTests
{
    private static readonly DateOnly AsOf = new(2026, 3, 1);
    private static readonly int Today = AsOf.DayNumber;

    /// <summary>Four customers, worked by hand: 0 bought recently twice, 1 never bought, 2 is high value and sleeping, 3 browsed obsessively.</summary>
    private static SegmentProfiles Profiles() => new()
    {
        AsOf = AsOf,
        CustomerIds = [10, 11, 12, 13],
        RecencyDays = [5, double.NaN, 200, 30],
        Orders = [2, 0, 9, 1],
        Spend = [300, 0, 5000, 299.99],
        RScore = [5, double.NaN, 1, 4],
        FScore = [3, double.NaN, 5, 1],
        MScore = [3, double.NaN, 5, 2],
        // Predictions: 1 never bought, so has none; 3 was scored by kith clv score but not yet by kith churn score.
        Clv = [120.5, double.NaN, 900, 40],
        PAlive = [0.9, double.NaN, 0.2, 0.6],
        ChurnRisk = [0.3, double.NaN, 0.85, double.NaN],
        ChurnBand = CodedColumn.From(["low", null, "high", null]),
        Lifecycle = CodedColumn.From(["active", "prospect", "sleeping", "active"]),
        Tier = CodedColumn.From(["ordinary", null, "high_value", "ordinary"]),
        RfmGroup = CodedColumn.From(["loyal", "", "cant_lose", "promising"]),
        Gender = CodedColumn.From(["female", "unknown", "male", "female"]),
        Country = CodedColumn.From(["CN", null, "CN", "US"]),
        Region = CodedColumn.From([null, null, null, null]),
        City = CodedColumn.From(["上海", null, "杭州", null]),
        SourceChannel = CodedColumn.From(["app", "web", "app", "tmall"]),
        ConsentEmail = [true, false, true, false],
        ConsentSms = [false, false, true, true],
        ConsentPush = [false, false, false, false],
        ConsentWeChat = [true, true, false, false],
        RegisteredDay = [Today - 400, Today - 3, Today - 1000, SegmentProfiles.MissingDay],
        FirstPurchaseDay = [new DateOnly(2025, 3, 1).DayNumber, SegmentProfiles.MissingDay, new DateOnly(2024, 2, 29).DayNumber, Today],
        Birthday = [301, 0, 229, 1231],
        Tags = new Dictionary<string, int[]> { ["vip"] = [2], ["newsletter"] = [0, 3] },
        ProductSkus = ["TEA", "MUG", "BEANS"],
        ProductCategories = ["Food > Tea", "Home > Kitchen", "Home > Kitchen > Coffee"],
        PurchaseDay = [Today - 100, Today - 5, Today - 2],
        PurchaseCustomer = [2, 0, 3],
        PurchaseProduct = [1, 0, 2],
        EventDay = [Today - 8, Today - 6, Today - 5, Today - 4, Today - 3, Today - 2, Today - 1, Today - 1, Today, Today],
        EventCustomer = [3, 3, 3, 3, 3, 3, 3, 3, 3, 0],
        EventType = [0, 0, 0, 0, 0, 0, 0, 1, 0, 0],
        EventProduct = [1, 1, 1, 1, 1, 1, 1, -1, 1, 2],
        EventTypes = ["view_product", "search"],
    };

    [Theory]
    [InlineData("recency_days <= 90 and orders >= 2 and spend >= 300", new long[] { 10 })]
    [InlineData("tier = \"high_value\" and lifecycle = \"sleeping\"", new long[] { 12 })]
    [InlineData("recency_days > 90", new long[] { 12 })]
    [InlineData("not (recency_days <= 90)", new long[] { 11, 12 })]
    [InlineData("tier != \"ordinary\"", new long[] { 12 })]
    [InlineData("rfm_group != \"loyal\"", new long[] { 11, 12, 13 })]
    [InlineData("country != \"CN\"", new long[] { 13 })]
    [InlineData("spend in (300, 0)", new long[] { 10, 11 })]
    [InlineData("tag = \"vip\" or tag = \"newsletter\"", new long[] { 10, 12, 13 })]
    [InlineData("tag != \"newsletter\"", new long[] { 11, 12 })]
    [InlineData("consent_sms = true and consent_email = false", new long[] { 13 })]
    [InlineData("gender = \"female\" and city in (\"上海\", \"杭州\")", new long[] { 10 })]
    [InlineData("days_since_registered = 3", new long[] { 11 })]
    [InlineData("days_to_birthday <= 7", new long[] { 10 })] // 12's 29 February birthday is next on 28 February 2027
    public void Hand_worked_rules_give_the_expected_customers(string rule, long[] expected)
    {
        var p = Profiles();
        var members = SegmentEvaluator.Evaluate(SegmentRule.Parse(rule), p).Positions().Select(i => p.CustomerIds[i]);
        Assert.Equal(expected, members);
    }

    [Fact]
    public void Prediction_fields_match_only_customers_with_a_prediction()
    {
        var p = Profiles();
        long[] Members(string rule) => [.. SegmentEvaluator.Evaluate(SegmentRule.Parse(rule), p).Positions().Select(i => p.CustomerIds[i])];

        Assert.Equal([12], Members("clv >= 500 and churn_band = \"high\""));
        Assert.Equal([12], Members("p_alive < 0.3"));
        Assert.Equal([10, 12, 13], Members("clv > 0"));
        Assert.Equal([10], Members("churn_risk < 0.5"));
        Assert.Equal([12], Members("churn_band != \"low\""));
        Assert.Equal([11, 13], Members("not (churn_risk >= 0)"));
    }

    [Fact]
    public void Event_windows_count_the_last_n_days_including_today()
    {
        var p = Profiles();
        long[] Members(string rule) => [.. SegmentEvaluator.Evaluate(SegmentRule.Parse(rule), p).Positions().Select(i => p.CustomerIds[i])];

        // Customer 13 viewed MUG on days −6 … 0 in a 7-day window: 6 views (days −6,−5,−4,−3,−2,−1) + today = 7.
        Assert.Equal([13], Members("events(\"view_product\", 7d) = 7"));
        Assert.Equal([13], Members("events(\"view_product\", 7d, same_product, not_bought) > 5"));
        Assert.Equal([10, 13], Members("events(\"view_product\", 1d) = 1"));
        Assert.Equal([13], Members("events(\"search\", 2d) >= 1"));
        Assert.Equal([10, 11, 12], Members("events(\"view_product\", 7d) < 7"));
        Assert.Empty(Members("events(\"add_to_cart\", 30d) > 0"));
        // Customer 0 bought TEA five days ago and viewed BEANS today; BEANS was not bought by 0, so it counts.
        Assert.Equal([10], Members("events(\"view_product\", 3d, same_product, not_bought) = 1"));
    }

    [Fact]
    public void Bought_product_and_category_with_and_without_windows()
    {
        var p = Profiles();
        long[] Members(string rule) => [.. SegmentEvaluator.Evaluate(SegmentRule.Parse(rule), p).Positions().Select(i => p.CustomerIds[i])];
        Assert.Equal([10], Members("bought(\"TEA\")"));
        Assert.Equal([12, 13], Members("bought_category(\"Home > Kitchen\")"));
        Assert.Equal([13], Members("bought_category(\"Home > Kitchen\", 30d)"));
        Assert.Empty(Members("bought_category(\"Home > Kit\")"));
        Assert.Equal([11, 12, 13], Members("not bought(\"TEA\", 10d)"));
    }

    [Fact]
    public void Birthdays_and_anniversaries_handle_29_february()
    {
        Assert.Equal(0, SegmentCalendar.DaysToBirthday(3, 1, AsOf));
        Assert.Equal(364, SegmentCalendar.DaysToBirthday(2, 28, AsOf));
        Assert.Equal(364, SegmentCalendar.DaysToBirthday(2, 29, AsOf)); // 2027 is not a leap year: 28 February
        Assert.Equal(365, SegmentCalendar.DaysToBirthday(2, 29, new DateOnly(2027, 3, 1))); // 29 February 2028
        Assert.Equal(0, SegmentCalendar.DaysToBirthday(2, 29, new DateOnly(2027, 2, 28)));

        Assert.Equal(2, SegmentCalendar.AnniversaryYears(new DateOnly(2024, 2, 29), new DateOnly(2026, 2, 28)));
        Assert.Equal(0, SegmentCalendar.AnniversaryYears(new DateOnly(2024, 2, 29), new DateOnly(2026, 3, 1)));
        Assert.Equal(1, SegmentCalendar.AnniversaryYears(new DateOnly(2025, 3, 1), AsOf));
        Assert.Equal(0, SegmentCalendar.AnniversaryYears(AsOf, AsOf)); // the day itself is not an anniversary
        Assert.Equal((new DateOnly(2024, 2, 28), new DateOnly(2024, 2, 29)), SegmentCalendar.AnniversaryDays(new DateOnly(2026, 2, 28), 2));

        var p = Profiles();
        Assert.Equal([10], SegmentEvaluator.Evaluate(SegmentRule.Parse("first_purchase_anniversary = 1"), p).Positions().Select(i => p.CustomerIds[i]));
        Assert.Equal([12, 13], SegmentEvaluator.Evaluate(SegmentRule.Parse("first_purchase_anniversary = 0"), p).Positions().Select(i => p.CustomerIds[i]));
    }

    [Fact]
    public void Explain_gives_each_condition_with_the_customers_value()
    {
        var p = Profiles();
        var rule = SegmentRule.Parse("recency_days <= 90 and orders >= 2 and tag = \"vip\"");
        var lines = rule.Root.Leaves().Select(l => (l.ToString(), SegmentEvaluator.Explain(l, p, 0))).ToList();
        Assert.Equal(
            [("recency_days <= 90", (true, "5")), ("orders >= 2", (true, "2")), ("tag = \"vip\"", (false, "has none of them"))],
            lines);
        Assert.Equal((false, "(none)"), SegmentEvaluator.Explain(rule.Root.Leaves().First(), p, 1));
    }
}
