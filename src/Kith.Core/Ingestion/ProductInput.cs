using System.Text.Json.Nodes;
using Kith.Core.Catalog;

namespace Kith.Core.Ingestion;

/// <summary>A product as sent to Kith; upserted by <see cref="Sku"/> (absent fields keep what the store has).</summary>
public sealed class ProductInput
{
    public string? Sku { get; set; }
    public string? Name { get; set; }
    public string? CategoryPath { get; set; }
    public string? Brand { get; set; }
    public string? Style { get; set; }
    public decimal? Price { get; set; }
    public string? Currency { get; set; }
    public bool? InStock { get; set; }
    public JsonObject? Attributes { get; set; }

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        InputRules.RequireId(errors, "sku", Sku);
        InputRules.OptionalText(errors, "name", Name);
        InputRules.OptionalText(errors, "categoryPath", CategoryPath);
        InputRules.OptionalText(errors, "brand", Brand, 128);
        InputRules.OptionalText(errors, "style", Style, 128);
        InputRules.NonNegative(errors, "price", Price);
        InputRules.Currency(errors, "currency", Currency);
        return errors;
    }

    public Product ToProduct(string defaultCurrency, DateTimeOffset now) => new()
    {
        Sku = Sku!,
        Name = string.IsNullOrWhiteSpace(Name) ? Sku! : Name,
        CategoryPath = CategoryPath,
        Brand = Brand,
        Style = Style,
        Price = Price,
        Currency = Currency ?? defaultCurrency,
        InStock = InStock ?? true,
        Attributes = Attributes?.ToJsonString(),
        CreatedAt = now,
        UpdatedAt = now,
    };
}
