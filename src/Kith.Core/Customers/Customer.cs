namespace Kith.Core.Customers;

/// <summary>A shopper known to the store. Identified from outside by <see cref="ExternalId"/>; timestamps are UTC.</summary>
public sealed class Customer
{
    public long Id { get; set; }

    /// <summary>The store's own customer id; unique.</summary>
    public required string ExternalId { get; set; }

    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? WeChatId { get; set; }
    public string? AppUserId { get; set; }
    public Gender Gender { get; set; }
    public DateOnly? Birthday { get; set; }
    public string? Country { get; set; }
    public string? Region { get; set; }
    public string? City { get; set; }

    /// <summary>IANA time zone of the customer (for quiet hours and date triggers); null means the store's zone.</summary>
    public string? TimeZone { get; set; }

    public DateTimeOffset? RegisteredAt { get; set; }
    public string? SourceChannel { get; set; }

    public bool ConsentEmail { get; set; }
    public bool ConsentSms { get; set; }
    public bool ConsentPush { get; set; }
    public bool ConsentWeChat { get; set; }

    /// <summary>Custom attributes as a JSON object.</summary>
    public string? Attributes { get; set; }

    /// <summary>When the customer's personal data was erased on request; an erased customer stays erased (re-imports do not bring it back).</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
