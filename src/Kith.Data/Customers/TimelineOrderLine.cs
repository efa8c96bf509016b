namespace Kith.Data.Customers;

/// <summary>One line of an order on the timeline; <see cref="Discount"/> is for the whole line.</summary>
public sealed record TimelineOrderLine(int LineNumber, string Sku, string? ProductName, int Quantity, decimal UnitPrice, decimal Discount);
