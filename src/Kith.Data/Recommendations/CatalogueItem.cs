namespace Kith.Data.Recommendations;

/// <summary>
/// One product as recommendations need it: what to show and what to filter on. <see cref="MinTierRank"/>: the product
/// is only shown to members at this loyalty tier rank or above (the product attribute <c>min_tier_rank</c>).
/// </summary>
public sealed record CatalogueItem(string Sku, string Name, string? CategoryPath, string? Brand, decimal? Price, bool InStock, int? MinTierRank = null)
{
    /// <summary>The attribute of a product's JSON attributes that restricts it to a tier rank and above.</summary>
    public const string MinTierRankAttribute = "min_tier_rank";

    /// <summary>The tier restriction in a product's attributes (a whole number ≥ 1), or null.</summary>
    public static int? MinTierRankIn(string? attributesJson)
    {
        if (attributesJson is null || !attributesJson.Contains(MinTierRankAttribute, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(attributesJson);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && doc.RootElement.TryGetProperty(MinTierRankAttribute, out var v) && v.TryGetInt32(out var rank) && rank > 0 ? rank : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The first level of <see cref="CategoryPath"/> ("Home" of "Home &gt; Kitchen"), or null.</summary>
    public string? TopCategory => CategoryPath is null ? null : CategoryPath.Split(" > ", 2)[0].Trim() is { Length: > 0 } top ? top : null;
}
