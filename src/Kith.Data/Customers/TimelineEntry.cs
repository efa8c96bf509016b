namespace Kith.Data.Customers;

/// <summary>
/// One moment on a customer's timeline: an order reaching a status (<see cref="Order"/> set; <see cref="What"/> is
/// placed, paid, shipped, delivered, completed, cancelled or refunded) or a behaviour event (<see cref="What"/> is the
/// event type), or the customer entering or leaving a segment (<see cref="What"/> is <c>segment.entered</c> or
/// <c>segment.left</c>, <see cref="Segment"/> its name). <see cref="Amount"/> is the order total, or the refunded amount for "refunded". Times are UTC.
/// </summary>
public sealed record TimelineEntry(
    DateTimeOffset At,
    string What,
    TimelineOrder? Order,
    decimal? Amount,
    string? ProductSku,
    string? ProductName,
    long Sequence,
    string? Segment = null);
