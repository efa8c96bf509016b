namespace Kith.Core.Orders;

/// <summary>One line of an order. <see cref="Discount"/> is the total discount on the line, not per unit.</summary>
public sealed class OrderLine
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public int LineNumber { get; set; }
    public long ProductId { get; set; }
    public required string Sku { get; set; }
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal Discount { get; set; }
}
