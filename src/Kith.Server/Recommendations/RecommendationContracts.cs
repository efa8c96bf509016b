using Kith.Core.Recommendations;

namespace Kith.Server.Recommendations;

/// <summary>
/// One recommended product. <c>reason</c>: <c>cross_sell</c>, <c>recently_viewed</c>, <c>similar_items</c>,
/// <c>personalised</c>, <c>popular_in_category</c> or <c>popular</c>. <c>score</c> is the source's own score (a
/// cross-sell rule's priority, a similarity, …): the order of the list is the answer.
/// </summary>
public sealed record RecommendedItem(string Sku, string Name, double Score, string Reason);

/// <summary>
/// A recommendation answer. <c>model</c>: the model that led the list (<c>item-knn</c>, <c>als</c>, <c>popularity</c>,
/// <c>cross_sell</c>). <c>fallback</c>: no personal or similarity model contributed (only rules and popularity).
/// <c>status</c>: <c>ok</c>, <c>unknown_customer</c>, <c>unknown_product</c>, <c>no_similar_items</c>,
/// <c>no_orders</c> (the store has no paid orders yet: empty list) or <c>not_trained</c> (first training still running).
/// </summary>
public sealed record RecommendationList(IReadOnlyList<RecommendedItem> Items, string Model, bool Fallback, string Status);

/// <summary>What a training produced.</summary>
public sealed record RecommendationRefreshResult(DateTimeOffset TrainedAt, int Customers, int Products, int Interactions, int PaidLines, double Seconds);

/// <summary>
/// A cross-sell rule as sent: exactly one trigger (<c>sku</c>, or <c>category</c> which also covers the categories
/// below it), the <c>targets</c> to show first in order, and a <c>priority</c> (higher first, default 0).
/// </summary>
public sealed class CrossSellRuleInput
{
    public string? Sku { get; set; }
    public string? Category { get; set; }
    public List<string>? Targets { get; set; }
    public int? Priority { get; set; }

    public CrossSellRule ToRule(string name) =>
        new(name, string.IsNullOrWhiteSpace(Sku) ? null : Sku.Trim(), string.IsNullOrWhiteSpace(Category) ? null : Category.Trim(),
            [.. (Targets ?? []).Select(t => t?.Trim() ?? "")], Priority ?? 0);
}

/// <summary>A stored cross-sell rule.</summary>
public sealed record CrossSellRuleDto(string Name, string? Sku, string? Category, IReadOnlyList<string> Targets, int Priority)
{
    public static CrossSellRuleDto From(CrossSellRule rule) => new(rule.Name, rule.TriggerSku, rule.TriggerCategory, rule.Targets, rule.Priority);
}
