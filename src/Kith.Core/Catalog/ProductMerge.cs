using Kith.Core.Ingestion;

namespace Kith.Core.Catalog;

/// <summary>Applies an update to a stored product: present fields overwrite, absent ones keep. Pure.</summary>
public static class ProductMerge
{
    public readonly record struct Result(Product Product, bool Changed);

    public static Result Apply(Product stored, ProductInput update, DateTimeOffset now)
    {
        var merged = new Product
        {
            Id = stored.Id,
            Sku = stored.Sku,
            Name = update.Name ?? stored.Name,
            CategoryPath = update.CategoryPath ?? stored.CategoryPath,
            Brand = update.Brand ?? stored.Brand,
            Style = update.Style ?? stored.Style,
            Price = update.Price ?? stored.Price,
            Currency = update.Currency ?? stored.Currency,
            InStock = update.InStock ?? stored.InStock,
            Attributes = update.Attributes?.ToJsonString() ?? stored.Attributes,
            CreatedAt = stored.CreatedAt,
            UpdatedAt = stored.UpdatedAt,
        };
        var changed = merged.Name != stored.Name || merged.CategoryPath != stored.CategoryPath || merged.Brand != stored.Brand
            || merged.Style != stored.Style || merged.Price != stored.Price || merged.Currency != stored.Currency
            || merged.InStock != stored.InStock || merged.Attributes != stored.Attributes;
        if (changed)
        {
            merged.UpdatedAt = now;
        }

        return new Result(merged, changed);
    }

    public static ProductInput Overlay(ProductInput earlier, ProductInput later) => new()
    {
        Sku = later.Sku ?? earlier.Sku,
        Name = later.Name ?? earlier.Name,
        CategoryPath = later.CategoryPath ?? earlier.CategoryPath,
        Brand = later.Brand ?? earlier.Brand,
        Style = later.Style ?? earlier.Style,
        Price = later.Price ?? earlier.Price,
        Currency = later.Currency ?? earlier.Currency,
        InStock = later.InStock ?? earlier.InStock,
        Attributes = later.Attributes ?? earlier.Attributes,
    };
}
