namespace Kith.Core.Orders;

/// <summary>
/// How an update of an order combines with what the store holds. The state with the newer
/// <see cref="Order.Version"/> wins (on a tie, the more advanced <see cref="OrderStatus"/>); status
/// timestamps the winner lacks are kept from the other, so an update that arrives late still fills in
/// its own step. Pure and deterministic: the same two inputs always give the same result.
/// </summary>
public static class OrderMerge
{
    /// <summary>The result of merging: the state to store, and whether it differs from the stored one.</summary>
    public readonly record struct Result(Order Order, bool Changed, bool IncomingWon);

    public static Result Merge(Order stored, Order incoming)
    {
        var incomingWins = incoming.Version > stored.Version
            || (incoming.Version == stored.Version && incoming.Status > stored.Status);
        var winner = incomingWins ? incoming : stored;
        var other = incomingWins ? stored : incoming;
        var merged = new Order
        {
            Id = stored.Id,
            ExternalId = stored.ExternalId,
            CustomerId = winner.CustomerId,
            Status = winner.Status,
            Currency = winner.Currency,
            Total = winner.Total,
            Discount = winner.Discount,
            ShippingFee = winner.ShippingFee,
            RefundedAmount = winner.RefundedAmount,
            ItemCount = winner.ItemCount,
            CouponCode = winner.CouponCode ?? other.CouponCode,
            Channel = winner.Channel ?? other.Channel,
            PlacedAt = winner.PlacedAt,
            PaidAt = winner.PaidAt ?? other.PaidAt,
            ShippedAt = winner.ShippedAt ?? other.ShippedAt,
            DeliveredAt = winner.DeliveredAt ?? other.DeliveredAt,
            CompletedAt = winner.CompletedAt ?? other.CompletedAt,
            CancelledAt = winner.CancelledAt ?? other.CancelledAt,
            RefundedAt = winner.RefundedAt ?? other.RefundedAt,
            Version = winner.Version,
            Lines = incomingWins && incoming.Lines.Count > 0 ? incoming.Lines : stored.Lines,
        };
        return new Result(merged, !SameState(stored, merged), incomingWins);
    }

    /// <summary>The latest of an order's status timestamps.</summary>
    public static DateTimeOffset LatestTimestamp(Order o)
    {
        var latest = o.PlacedAt;
        foreach (var t in new[] { o.PaidAt, o.ShippedAt, o.DeliveredAt, o.CompletedAt, o.CancelledAt, o.RefundedAt })
        {
            if (t is { } v && v > latest)
            {
                latest = v;
            }
        }

        return latest;
    }

    /// <summary>True when two states agree on every stored column (lines are compared by the caller).</summary>
    public static bool SameState(Order a, Order b) =>
        a.CustomerId == b.CustomerId && a.Status == b.Status && a.Currency == b.Currency
        && a.Total == b.Total && a.Discount == b.Discount && a.ShippingFee == b.ShippingFee
        && a.RefundedAmount == b.RefundedAmount && a.ItemCount == b.ItemCount
        && a.CouponCode == b.CouponCode && a.Channel == b.Channel && a.PlacedAt == b.PlacedAt
        && a.PaidAt == b.PaidAt && a.ShippedAt == b.ShippedAt && a.DeliveredAt == b.DeliveredAt
        && a.CompletedAt == b.CompletedAt && a.CancelledAt == b.CancelledAt && a.RefundedAt == b.RefundedAt
        && a.Version == b.Version;
}
