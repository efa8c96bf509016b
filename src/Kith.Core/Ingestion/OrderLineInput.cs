namespace Kith.Core.Ingestion;

public sealed class OrderLineInput
{
    public string? Sku { get; set; }
    public int? Quantity { get; set; }
    public decimal? UnitPrice { get; set; }

    /// <summary>Total discount on the line (not per unit).</summary>
    public decimal? Discount { get; set; }
}
