using Kith.Core.Orders;

namespace Kith.Core.Ingestion;

/// <summary>
/// An order as sent to Kith; upserted by <see cref="ExternalId"/>. The update with the newest
/// <see cref="UpdatedAt"/> (default: its latest status timestamp) wins; see <see cref="OrderMerge"/>.
/// </summary>
public sealed class OrderInput
{
    public string? ExternalId { get; set; }
    public string? CustomerId { get; set; }
    public OrderStatus? Status { get; set; }
    public string? Currency { get; set; }

    /// <summary>Amount paid; when absent, the sum of lines net of their discounts, less <see cref="Discount"/>, plus <see cref="ShippingFee"/>.</summary>
    public decimal? Total { get; set; }

    public decimal? Discount { get; set; }
    public decimal? ShippingFee { get; set; }
    public decimal? RefundedAmount { get; set; }

    /// <summary>Number of items; when absent, the sum of line quantities.</summary>
    public int? ItemCount { get; set; }

    public string? CouponCode { get; set; }
    public string? Channel { get; set; }
    public DateTimeOffset? PlacedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public DateTimeOffset? ShippedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset? RefundedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public List<OrderLineInput>? Lines { get; set; }

    public IReadOnlyList<FieldError> Validate(DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        var future = now.AddDays(1);
        InputRules.RequireId(errors, "externalId", ExternalId);
        InputRules.RequireId(errors, "customerId", CustomerId);
        InputRules.Currency(errors, "currency", Currency);
        InputRules.NonNegative(errors, "total", Total);
        InputRules.NonNegative(errors, "discount", Discount);
        InputRules.NonNegative(errors, "shippingFee", ShippingFee);
        InputRules.NonNegative(errors, "refundedAmount", RefundedAmount);
        InputRules.OptionalText(errors, "couponCode", CouponCode, 64);
        InputRules.OptionalText(errors, "channel", Channel, 64);
        if (ItemCount < 0)
        {
            errors.Add(new FieldError("itemCount", "must not be negative"));
        }

        if (PlacedAt is null)
        {
            errors.Add(new FieldError("placedAt", "is required"));
        }

        InputRules.Time(errors, "placedAt", PlacedAt, future);
        InputRules.Time(errors, "paidAt", PaidAt, future);
        InputRules.Time(errors, "shippedAt", ShippedAt, future);
        InputRules.Time(errors, "deliveredAt", DeliveredAt, future);
        InputRules.Time(errors, "completedAt", CompletedAt, future);
        InputRules.Time(errors, "cancelledAt", CancelledAt, future);
        InputRules.Time(errors, "refundedAt", RefundedAt, future);
        InputRules.Time(errors, "updatedAt", UpdatedAt, future);
        if (PlacedAt is { } placed && PaidAt is { } paid && paid < placed)
        {
            errors.Add(new FieldError("paidAt", "must not be before placedAt"));
        }

        if (Total is null && (Lines is null || Lines.Count == 0))
        {
            errors.Add(new FieldError("total", "is required when the order has no lines"));
        }

        for (var i = 0; i < (Lines?.Count ?? 0); i++)
        {
            var line = Lines![i];
            var prefix = $"lines[{i}].";
            InputRules.RequireId(errors, prefix + "sku", line.Sku);
            if (line.Quantity is null)
            {
                errors.Add(new FieldError(prefix + "quantity", "is required"));
            }
            else if (line.Quantity <= 0)
            {
                errors.Add(new FieldError(prefix + "quantity", "must be positive (send returns as a refund of the order)"));
            }

            if (line.UnitPrice is null)
            {
                errors.Add(new FieldError(prefix + "unitPrice", "is required"));
            }

            InputRules.NonNegative(errors, prefix + "unitPrice", line.UnitPrice);
            InputRules.NonNegative(errors, prefix + "discount", line.Discount);
        }

        return errors;
    }

    /// <summary>
    /// The order this input describes (lines carry SKUs; product ids are resolved by the store).
    /// Call only after <see cref="Validate"/> returned no error.
    /// </summary>
    public Order ToOrder(long customerId, string defaultCurrency)
    {
        var lines = (Lines ?? []).Select((l, i) => new OrderLine
        {
            LineNumber = i + 1,
            Sku = l.Sku!,
            Quantity = l.Quantity!.Value,
            UnitPrice = l.UnitPrice!.Value,
            Discount = l.Discount ?? 0m,
        }).ToList();
        var discount = Discount ?? 0m;
        var shipping = ShippingFee ?? 0m;
        var total = Total ?? Math.Max(0m, lines.Sum(l => (l.Quantity * l.UnitPrice) - l.Discount) - discount + shipping);
        var status = Status ?? InferStatus();
        var order = new Order
        {
            ExternalId = ExternalId!,
            CustomerId = customerId,
            Status = status,
            Currency = Currency ?? defaultCurrency,
            Total = total,
            Discount = discount,
            ShippingFee = shipping,
            RefundedAmount = RefundedAmount ?? (status == OrderStatus.Refunded ? total : 0m),
            ItemCount = ItemCount ?? lines.Sum(l => l.Quantity),
            CouponCode = string.IsNullOrEmpty(CouponCode) ? null : CouponCode,
            Channel = string.IsNullOrEmpty(Channel) ? null : Channel,
            PlacedAt = Timestamps.Normalize(PlacedAt!.Value),
            PaidAt = Timestamps.Normalize(PaidAt),
            ShippedAt = Timestamps.Normalize(ShippedAt),
            DeliveredAt = Timestamps.Normalize(DeliveredAt),
            CompletedAt = Timestamps.Normalize(CompletedAt),
            CancelledAt = Timestamps.Normalize(CancelledAt),
            RefundedAt = Timestamps.Normalize(RefundedAt),
            Lines = lines,
        };
        order.Version = (Timestamps.Normalize(UpdatedAt)) ?? OrderMerge.LatestTimestamp(order);
        return order;
    }

    /// <summary>Without an explicit status, the most advanced status that has a timestamp.</summary>
    private OrderStatus InferStatus() =>
        CancelledAt is not null ? OrderStatus.Cancelled
        : RefundedAt is not null ? OrderStatus.Refunded
        : CompletedAt is not null ? OrderStatus.Completed
        : DeliveredAt is not null ? OrderStatus.Delivered
        : ShippedAt is not null ? OrderStatus.Shipped
        : PaidAt is not null ? OrderStatus.Paid
        : OrderStatus.Created;
}
