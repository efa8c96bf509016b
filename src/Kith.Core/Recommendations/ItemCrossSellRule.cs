namespace Kith.Core.Recommendations;

/// <summary>
/// An operator's cross-sell rule (<see cref="CrossSellRule"/>) on dense item ids, as <see cref="CrossSell.Apply"/> uses it: when the context (the product being viewed, the cart, the last order) holds
/// <see cref="TriggerItem"/>, or an item in <see cref="TriggerCategory"/> or below it, show <see cref="Targets"/> first.
/// Exactly one trigger is set. A higher <see cref="Priority"/> wins when several rules fire.
/// </summary>
public sealed record ItemCrossSellRule(IReadOnlyList<int> Targets, int Priority, int? TriggerItem = null, string? TriggerCategory = null)
{
    /// <summary>Whether an item with this id and category path fires the rule.</summary>
    public bool FiresOn(int item, string? categoryPath) =>
        TriggerItem == item
        || (TriggerCategory is { } c && categoryPath is { } p
            && (string.Equals(p, c, StringComparison.OrdinalIgnoreCase) || p.StartsWith(c + " > ", StringComparison.OrdinalIgnoreCase)));
}
