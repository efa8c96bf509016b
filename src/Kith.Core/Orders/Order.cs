namespace Kith.Core.Orders;

/// <summary>
/// An order placed by a customer. Amounts are in <see cref="Currency"/>; every status has its own UTC timestamp.
/// <see cref="Version"/> is the source time of the update that produced this state: an update with an older
/// version never overwrites a newer one.
/// </summary>
public sealed class Order
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public long CustomerId { get; set; }
    public OrderStatus Status { get; set; }
    public string Currency { get; set; } = "CNY";

    /// <summary>What the customer paid or is to pay: lines net of discounts, plus shipping.</summary>
    public decimal Total { get; set; }

    /// <summary>Order-level discount (coupons, promotions), already taken off <see cref="Total"/>.</summary>
    public decimal Discount { get; set; }

    public decimal ShippingFee { get; set; }

    /// <summary>Amount refunded so far (0 unless refunded or partially refunded).</summary>
    public decimal RefundedAmount { get; set; }

    /// <summary>Number of items (sum of line quantities, or as given when the source has no lines).</summary>
    public int ItemCount { get; set; }

    public string? CouponCode { get; set; }
    public string? Channel { get; set; }

    public DateTimeOffset PlacedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public DateTimeOffset? ShippedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset? RefundedAt { get; set; }

    public DateTimeOffset Version { get; set; }

    public List<OrderLine> Lines { get; set; } = [];
}
