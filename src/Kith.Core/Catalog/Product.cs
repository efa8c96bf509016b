namespace Kith.Core.Catalog;

/// <summary>An item the store sells, identified by its <see cref="Sku"/>.</summary>
public sealed class Product
{
    public long Id { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }

    /// <summary>Category path with " > " between levels, e.g. "Home > Kitchen > Coffee".</summary>
    public string? CategoryPath { get; set; }

    public string? Brand { get; set; }
    public string? Style { get; set; }
    public decimal? Price { get; set; }
    public string Currency { get; set; } = "CNY";
    public bool InStock { get; set; } = true;

    /// <summary>Other attributes as a JSON object.</summary>
    public string? Attributes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
