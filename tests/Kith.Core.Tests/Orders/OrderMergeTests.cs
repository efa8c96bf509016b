using Kith.Core.Orders;
using Xunit;

namespace Kith.Core.Tests.Orders;

public class OrderMergeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static Order At(OrderStatus status, DateTimeOffset version, DateTimeOffset? paidAt = null, DateTimeOffset? shippedAt = null) => new()
    {
        ExternalId = "o-1",
        CustomerId = 7,
        Status = status,
        Total = 100m,
        PlacedAt = T0,
        PaidAt = paidAt,
        ShippedAt = shippedAt,
        Version = version,
    };

    [Fact]
    public void Merge_keeps_the_newer_status_when_an_older_update_arrives_late()
    {
        var stored = At(OrderStatus.Shipped, T0.AddHours(5), shippedAt: T0.AddHours(5));
        var late = At(OrderStatus.Paid, T0.AddHours(1), paidAt: T0.AddHours(1));

        var result = OrderMerge.Merge(stored, late);

        Assert.Equal(OrderStatus.Shipped, result.Order.Status);
        Assert.False(result.IncomingWon);
        Assert.Equal(T0.AddHours(1), result.Order.PaidAt);
        Assert.True(result.Changed);
    }

    [Fact]
    public void Merge_moves_the_status_forward_for_a_newer_update()
    {
        var stored = At(OrderStatus.Paid, T0.AddHours(1), paidAt: T0.AddHours(1));
        var newer = At(OrderStatus.Shipped, T0.AddHours(5), shippedAt: T0.AddHours(5));

        var result = OrderMerge.Merge(stored, newer);

        Assert.Equal(OrderStatus.Shipped, result.Order.Status);
        Assert.True(result.IncomingWon);
        Assert.Equal(T0.AddHours(1), result.Order.PaidAt);
    }

    [Fact]
    public void Merge_of_the_same_update_twice_changes_nothing()
    {
        var stored = At(OrderStatus.Paid, T0.AddHours(1), paidAt: T0.AddHours(1));
        var again = At(OrderStatus.Paid, T0.AddHours(1), paidAt: T0.AddHours(1));

        var result = OrderMerge.Merge(stored, again);

        Assert.False(result.Changed);
    }

    [Fact]
    public void Merge_on_equal_time_prefers_the_more_advanced_status()
    {
        var stored = At(OrderStatus.Paid, T0.AddHours(1), paidAt: T0.AddHours(1));
        var tie = At(OrderStatus.Cancelled, T0.AddHours(1));

        var result = OrderMerge.Merge(stored, tie);

        Assert.Equal(OrderStatus.Cancelled, result.Order.Status);
    }
}
