using System.Text.Json.Nodes;
using Kith.Core.Orders;
using Kith.Core.Privacy;

namespace Kith.Data.Privacy;

/// <summary>
/// Everything Kith holds about one customer, for a data-subject access request (docs/privacy.md). The profile is
/// unmasked: the document goes to the customer. Timestamps are UTC; amounts are in each order's currency.
/// </summary>
public sealed record CustomerExport(
    string Format,
    DateTimeOffset ExportedAt,
    CustomerProfile Profile,
    CustomerConsents Consents,
    IReadOnlyList<CustomerExport.OrderEntry> Orders,
    IReadOnlyList<CustomerExport.EventEntry> Events,
    IReadOnlyList<CustomerExport.TagEntry> Tags,
    CustomerExport.ValueEntry? Value)
{
    /// <summary>The <see cref="Format"/> of this shape; a breaking change gets a new number.</summary>
    public const string FormatName = "kith.customer-export/1";

    public sealed record OrderEntry(
        string OrderId, OrderStatus Status, string Currency, decimal Total, decimal Discount, decimal ShippingFee,
        decimal RefundedAmount, int ItemCount, string? CouponCode, string? Channel, DateTimeOffset PlacedAt,
        DateTimeOffset? PaidAt, DateTimeOffset? ShippedAt, DateTimeOffset? DeliveredAt, DateTimeOffset? CompletedAt,
        DateTimeOffset? CancelledAt, DateTimeOffset? RefundedAt, IReadOnlyList<LineEntry> Lines);

    public sealed record LineEntry(int LineNumber, string Sku, int Quantity, decimal UnitPrice, decimal Discount);

    public sealed record EventEntry(
        string EventId, string Type, DateTimeOffset OccurredAt, string? Sku, string? OrderId, JsonNode? Properties, DateTimeOffset ReceivedAt);

    public sealed record TagEntry(string Tag, string Source, DateTimeOffset CreatedAt);

    public sealed record ValueEntry(
        DateOnly AsOf, int? RecencyDays, int Frequency, decimal Monetary, short? RScore, short? FScore, short? MScore,
        string RfmGroup, string Lifecycle, string Tier);
}
