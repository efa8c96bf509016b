namespace Kith.Core.Recommendations;

/// <summary>
/// An operator's rule that takes precedence over the models: when the product in view (or one the customer just
/// viewed or bought) has SKU <see cref="TriggerSku"/>, or lies in <see cref="TriggerCategory"/> or below it, show
/// <see cref="Targets"/> first, in order. Rules with a higher <see cref="Priority"/> come first.
/// </summary>
public sealed record CrossSellRule(string Name, string? TriggerSku, string? TriggerCategory, IReadOnlyList<string> Targets, int Priority)
{
    public const int MaxTargets = 100;

    /// <summary>
    /// The rule on dense item ids, for <see cref="CrossSell.Apply"/>: targets the catalogue does not know are dropped;
    /// null when nothing is left to show or the trigger SKU is unknown (the rule cannot fire).
    /// </summary>
    public ItemCrossSellRule? ToItemRule(Func<string, int?> itemOf)
    {
        List<int> targets = [.. Targets.Select(itemOf).OfType<int>()];
        if (targets.Count == 0)
        {
            return null;
        }

        if (TriggerSku is null)
        {
            return new ItemCrossSellRule(targets, Priority, TriggerCategory: TriggerCategory);
        }

        return itemOf(TriggerSku) is { } trigger ? new ItemCrossSellRule(targets, Priority, TriggerItem: trigger) : null;
    }

    /// <summary>Problems keyed by the request field (sku, category, targets, priority); empty when the rule is sound.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(TriggerSku) == string.IsNullOrWhiteSpace(TriggerCategory))
        {
            problems[TriggerSku is null ? "category" : "sku"] = ["give exactly one trigger: sku or category"];
        }

        if (Targets.Count == 0 || Targets.Count > MaxTargets || Targets.Any(string.IsNullOrWhiteSpace))
        {
            problems["targets"] = [$"1 to {MaxTargets} non-empty SKUs"];
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 128)
        {
            problems["name"] = ["1 to 128 characters"];
        }

        return problems;
    }
}
