using Kith.Core.Recommendations;
using Xunit;

namespace Kith.Core.Tests.Recommendations;

public class CrossSellTests
{
    // 1 coffee machine (Home > Kitchen > Coffee), 2 beans, 3 frother, 4 mug, 5 kettle
    private static string? Category(int item) => item == 1 ? "Home > Kitchen > Coffee" : "Home";

    private static readonly ScoredItem[] Model = [new(4, 0.9f), new(2, 0.8f), new(5, 0.7f)];

    [Fact]
    public void Apply_puts_a_fired_rules_targets_before_the_models_candidates()
    {
        var rules = new[] { new ItemCrossSellRule([2, 3], Priority: 1, TriggerItem: 1) };

        var list = CrossSell.Apply(rules, [1], Category, Model, 4);

        Assert.Equal([2, 3, 4, 5], list.Select(s => s.Item));
    }

    [Fact]
    public void Apply_orders_fired_rules_by_priority()
    {
        var rules = new[] { new ItemCrossSellRule([5], Priority: 1, TriggerItem: 1), new ItemCrossSellRule([3], Priority: 9, TriggerCategory: "Home > Kitchen") };

        var list = CrossSell.Apply(rules, [1], Category, [], 5);

        Assert.Equal([3, 5], list.Select(s => s.Item));
    }

    [Fact]
    public void Apply_ignores_rules_whose_trigger_is_not_in_the_context()
    {
        var rules = new[] { new ItemCrossSellRule([3], Priority: 1, TriggerItem: 1), new ItemCrossSellRule([3], Priority: 1, TriggerCategory: "Garden") };

        var list = CrossSell.Apply(rules, [4], Category, Model, 3);

        Assert.Equal([2, 5], list.Select(s => s.Item)); // the context item 4 itself is never recommended
    }

    [Fact]
    public void Apply_skips_excluded_targets_and_does_not_match_a_category_by_name_prefix_alone()
    {
        var rules = new[] { new ItemCrossSellRule([2, 3], Priority: 1, TriggerCategory: "Home > Kit") };
        var excluded = new[] { new ItemCrossSellRule([2, 3], Priority: 1, TriggerItem: 1) };

        Assert.Equal([4, 2, 5], CrossSell.Apply(rules, [1], Category, Model, 3).Select(s => s.Item));
        Assert.Equal([3, 4, 5], CrossSell.Apply(excluded, [1], Category, Model, 3, i => i == 2).Select(s => s.Item));
    }

    [Fact]
    public void CandidateFilter_hides_out_of_stock_and_bought_non_consumables_but_not_bought_consumables()
    {
        var filter = new CandidateFilter(OutOfStock: [false, true, false, false], Consumable: [false, false, true, false]);

        var exclude = filter.For([0, 2]);

        Assert.Equal([true, true, false, false], Enumerable.Range(0, 4).Select(exclude));
    }
}
