namespace Kith.Data.Recommendations;

/// <summary>One product as recommendations need it: what to show and what to filter on.</summary>
public sealed record CatalogueItem(string Sku, string Name, string? CategoryPath, string? Brand, decimal? Price, bool InStock)
{
    /// <summary>The first level of <see cref="CategoryPath"/> ("Home" of "Home &gt; Kitchen"), or null.</summary>
    public string? TopCategory => CategoryPath is null ? null : CategoryPath.Split(" > ", 2)[0].Trim() is { Length: > 0 } top ? top : null;
}
