namespace Kith.Data.Privacy;

/// <summary>
/// What an erasure did, to hand back to whoever asked for it. <see cref="ReceiptId"/> is derived from the customer's
/// row and the erasure time, so asking again returns the same id (with <see cref="AlreadyErased"/> and zero counts).
/// </summary>
public sealed record ErasureReceipt(
    string ReceiptId,
    string CustomerId,
    DateTimeOffset ErasedAt,
    bool AlreadyErased,
    int FieldsCleared,
    int EventsScrubbed,
    int TagsRemoved,
    int OrdersKept);
