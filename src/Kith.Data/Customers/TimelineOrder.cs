using Kith.Core.Orders;

namespace Kith.Data.Customers;

/// <summary>An order as the timeline shows it, with its lines (shared by all of the order's timeline entries).</summary>
public sealed record TimelineOrder(
    long Id,
    string ExternalId,
    OrderStatus Status,
    decimal Total,
    decimal Discount,
    decimal ShippingFee,
    decimal RefundedAmount,
    string Currency,
    string? Channel,
    string? CouponCode,
    IReadOnlyList<TimelineOrderLine> Lines);
