namespace Kith.Core.Events;

/// <summary>Something a customer did (or Kith did to a customer), on the customer's timeline.</summary>
public sealed class CustomerEvent
{
    public long Id { get; set; }

    /// <summary>The sender's id of the event; events de-duplicate on it.</summary>
    public required string EventId { get; set; }

    /// <summary>See <see cref="EventTypes"/>; custom types are allowed.</summary>
    public required string Type { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
    public long CustomerId { get; set; }
    public long? ProductId { get; set; }
    public long? OrderId { get; set; }

    /// <summary>Free properties as a JSON object (search terms, channel, message id, ...).</summary>
    public string? Properties { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
