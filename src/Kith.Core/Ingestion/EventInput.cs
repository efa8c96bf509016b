using System.Text.Json.Nodes;
using Kith.Core.Events;

namespace Kith.Core.Ingestion;

/// <summary>A behaviour event as sent to Kith; de-duplicated by <see cref="EventId"/>.</summary>
public sealed class EventInput
{
    public string? EventId { get; set; }
    public string? Type { get; set; }
    public DateTimeOffset? OccurredAt { get; set; }
    public string? CustomerId { get; set; }
    public string? Sku { get; set; }
    public string? OrderId { get; set; }
    public JsonObject? Properties { get; set; }

    public IReadOnlyList<FieldError> Validate(DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        InputRules.RequireId(errors, "eventId", EventId);
        if (string.IsNullOrEmpty(Type))
        {
            errors.Add(new FieldError("type", "is required"));
        }
        else if (!EventTypes.IsValid(Type))
        {
            errors.Add(new FieldError("type", "must be lower-case letters, digits, '_', '.', ':' or '-' (e.g. view_product)"));
        }

        if (OccurredAt is null)
        {
            errors.Add(new FieldError("occurredAt", "is required"));
        }

        InputRules.Time(errors, "occurredAt", OccurredAt, now.AddDays(1));
        InputRules.RequireId(errors, "customerId", CustomerId);
        if (Sku is not null)
        {
            InputRules.RequireId(errors, "sku", Sku);
        }

        if (OrderId is not null)
        {
            InputRules.RequireId(errors, "orderId", OrderId);
        }

        return errors;
    }
}
