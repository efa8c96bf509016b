namespace Kith.Core.Orders;

/// <summary>
/// Where an order is: created → paid → shipped → delivered → completed, or cancelled / refunded /
/// partially refunded. The numeric value is the order of precedence when two updates carry the same time.
/// </summary>
public enum OrderStatus
{
    Created = 0,
    Paid = 1,
    Shipped = 2,
    Delivered = 3,
    Completed = 4,
    PartiallyRefunded = 5,
    Refunded = 6,
    Cancelled = 7,
}
