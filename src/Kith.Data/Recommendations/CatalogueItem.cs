namespace Kith.Data.Recommendations;

/// <summary>
/// One product as recommendations need it: what to show and what to filter on. <see cref="MinTierRank"/>: the product
/// is only shown to members at this loyalty tier rank or above (the product attribute <c>min_tier_rank</c>).
/// <see cref="Consumable"/>: bought again and again (coffee beans, filters; the attribute <c>consumable</c>), so
/// recommended even to those who bought it.
/// </summary>
public sealed record CatalogueItem(string Sku, string Name, string? CategoryPath, string? Brand, decimal? Price, bool InStock,
    int? MinTierRank = null, bool Consumable = false)
{
    public const string MinTierRankAttribute = "min_tier_rank";
    public const string ConsumableAttribute = "consumable";

    /// <summary>The tier restriction (a whole number ≥ 1) and the consumable flag in a product's JSON attributes.</summary>
    public static (int? MinTierRank, bool Consumable) FiltersIn(string? attributesJson)
    {
        if (attributesJson is null
            || (!attributesJson.Contains(MinTierRankAttribute, StringComparison.Ordinal) && !attributesJson.Contains(ConsumableAttribute, StringComparison.Ordinal)))
        {
            return (null, false);
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(attributesJson);
            var root = doc.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return (null, false);
            }

            int? rank = root.TryGetProperty(MinTierRankAttribute, out var r) && r.ValueKind == System.Text.Json.JsonValueKind.Number
                && r.TryGetInt32(out var n) && n > 0 ? n : null;
            var consumable = root.TryGetProperty(ConsumableAttribute, out var c) && c.ValueKind == System.Text.Json.JsonValueKind.True;
            return (rank, consumable);
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, false);
        }
    }

    /// <summary>The first level of <see cref="CategoryPath"/> ("Home" of "Home &gt; Kitchen"), or null.</summary>
    public string? TopCategory => CategoryPath is null ? null : CategoryPath.Split(" > ", 2)[0].Trim() is { Length: > 0 } top ? top : null;
}
