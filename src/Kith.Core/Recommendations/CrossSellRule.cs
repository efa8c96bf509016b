namespace Kith.Core.Recommendations;

/// <summary>
/// An operator's rule that takes precedence over the models: when the product in view (or one the customer just
/// viewed or bought) has SKU <see cref="TriggerSku"/>, or lies in <see cref="TriggerCategory"/> or below it, show
/// <see cref="Targets"/> first, in order. Rules with a higher <see cref="Priority"/> come first.
/// </summary>
public sealed record CrossSellRule(string Name, string? TriggerSku, string? TriggerCategory, IReadOnlyList<string> Targets, int Priority)
{
    public const int MaxTargets = 100;

    /// <summary>Whether the rule fires for a product with this SKU and category path.</summary>
    public bool Matches(string sku, string? categoryPath) =>
        TriggerSku is not null
            ? string.Equals(TriggerSku, sku, StringComparison.Ordinal)
            : TriggerCategory is not null && categoryPath is not null &&
              (string.Equals(categoryPath, TriggerCategory, StringComparison.OrdinalIgnoreCase) ||
               categoryPath.StartsWith(TriggerCategory + " > ", StringComparison.OrdinalIgnoreCase));

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
