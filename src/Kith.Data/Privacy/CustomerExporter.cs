using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Kith.Core.Privacy;
using Kith.Data.Audit;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Privacy;

/// <summary>
/// Exports one customer's data as a JSON document (a data-subject access request) and records who did it in the
/// audit log. The API and <c>kith customer export</c> both write <see cref="ToJson"/>, so the file is the same.
/// </summary>
public sealed class CustomerExporter(KithStore store, AuditLog audit, TimeProvider time)
{
    /// <summary>camelCase, enums as snake_case strings (as the API), indented, non-ASCII text as is (names in Chinese stay readable).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads the customer's data in one snapshot and writes a <see cref="AuditActions.CustomerExported"/> line for <paramref name="actor"/>.</summary>
    public async Task<PrivacyResult<CustomerExport>> ExportAsync(string externalId, string actor, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        // One transaction so that orders, events and tags are read as of one moment and the audit line lands with it.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalId == externalId, ct);
        if (customer is null)
        {
            return new(null, PrivacyError.NoCustomer(externalId));
        }

        var orders = await db.Orders.AsNoTracking().Include(o => o.Lines)
            .Where(o => o.CustomerId == customer.Id).OrderBy(o => o.PlacedAt).ThenBy(o => o.Id).ToListAsync(ct);
        var events = await db.Events.AsNoTracking()
            .Where(e => e.CustomerId == customer.Id).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync(ct);
        var productIds = events.Where(e => e.ProductId is not null).Select(e => e.ProductId!.Value).Distinct().ToList();
        var skus = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
        var eventOrderIds = events.Where(e => e.OrderId is not null).Select(e => e.OrderId!.Value).Distinct().ToList();
        var orderKeys = await db.Orders.AsNoTracking().Where(o => eventOrderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.ExternalId, ct);
        var tags = await db.CustomerTags.AsNoTracking().Where(t => t.CustomerId == customer.Id)
            .OrderBy(t => t.Source).ThenBy(t => t.Tag).Select(t => new CustomerExport.TagEntry(t.Tag, t.Source, t.CreatedAt)).ToListAsync(ct);
        var value = await db.CustomerValues.AsNoTracking().Where(v => v.CustomerId == customer.Id)
            .Select(v => new CustomerExport.ValueEntry(v.AsOf, v.RecencyDays, v.Frequency, v.Monetary, v.RScore, v.FScore, v.MScore, v.RfmGroup, v.Lifecycle, v.Tier))
            .SingleOrDefaultAsync(ct);

        var profile = CustomerProfile.From(customer);
        var export = new CustomerExport(
            CustomerExport.FormatName,
            time.GetUtcNow(),
            profile,
            profile.Consents,
            [.. orders.Select(o => new CustomerExport.OrderEntry(
                o.ExternalId, o.Status, o.Currency, o.Total, o.Discount, o.ShippingFee, o.RefundedAmount, o.ItemCount, o.CouponCode,
                o.Channel, o.PlacedAt, o.PaidAt, o.ShippedAt, o.DeliveredAt, o.CompletedAt, o.CancelledAt, o.RefundedAt,
                [.. o.Lines.OrderBy(l => l.LineNumber).Select(l => new CustomerExport.LineEntry(l.LineNumber, l.Sku, l.Quantity, l.UnitPrice, l.Discount))]))],
            [.. events.Select(e => new CustomerExport.EventEntry(
                e.EventId, e.Type, e.OccurredAt,
                e.ProductId is { } p ? skus.GetValueOrDefault(p) : null,
                e.OrderId is { } o ? orderKeys.GetValueOrDefault(o) : null,
                ParseProperties(e.Properties), e.ReceivedAt))],
            tags,
            value);

        // Counts only: the audit log never holds personal data.
        var detail = string.Create(CultureInfo.InvariantCulture, $"orders={orders.Count}; events={events.Count}; tags={tags.Count}");
        await audit.WriteAsync(db, actor, AuditActions.CustomerExported, $"customer:{externalId}", detail, ct);
        await tx.CommitAsync(ct);
        return new(export, null);
    }

    /// <summary>The export as UTF-8 JSON (<see cref="JsonOptions"/>).</summary>
    public static byte[] ToJson(CustomerExport export) => JsonSerializer.SerializeToUtf8Bytes(export, JsonOptions);

    private static JsonNode? ParseProperties(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            // Not JSON (a hand-edited row): hand it over as text rather than leave it out of an access request.
            return JsonValue.Create(json);
        }
    }
}
