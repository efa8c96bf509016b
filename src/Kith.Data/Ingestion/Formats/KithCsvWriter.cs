using System.Globalization;
using CsvHelper;
using Kith.Core.Customers;
using Kith.Core.Ingestion;
using Kith.Core.Orders;

namespace Kith.Data.Ingestion.Formats;

/// <summary>Writes records in Kith's CSV format (docs/import-formats.md), the inverse of <see cref="KithCsvReader"/>.</summary>
public sealed class KithCsvWriter : IAsyncDisposable
{
    public static readonly string[] CustomerHeader =
    [
        "external_id", "name", "phone", "email", "wechat_id", "app_user_id", "gender", "birthday", "country", "region", "city",
        "time_zone", "registered_at", "source_channel", "consent_email", "consent_sms", "consent_push", "consent_wechat", "attributes",
    ];

    public static readonly string[] ProductHeader = ["sku", "name", "category_path", "brand", "style", "price", "currency", "in_stock", "attributes"];

    public static readonly string[] OrderHeader =
    [
        "order_id", "customer_id", "status", "currency", "total", "discount", "shipping_fee", "refunded_amount", "item_count", "coupon_code",
        "channel", "placed_at", "paid_at", "shipped_at", "delivered_at", "completed_at", "cancelled_at", "refunded_at", "updated_at",
        "sku", "quantity", "unit_price", "line_discount",
    ];

    public static readonly string[] EventHeader = ["event_id", "type", "occurred_at", "customer_id", "sku", "order_id", "properties"];

    private readonly StreamWriter _text;
    private readonly CsvWriter _csv;

    private KithCsvWriter(string path, string[] header)
    {
        _text = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 16);
        _csv = new CsvWriter(_text, CultureInfo.InvariantCulture);
        foreach (var h in header)
        {
            _csv.WriteField(h);
        }

        _csv.NextRecord();
    }

    public static KithCsvWriter Customers(string path) => new(path, CustomerHeader);
    public static KithCsvWriter Products(string path) => new(path, ProductHeader);
    public static KithCsvWriter Orders(string path) => new(path, OrderHeader);
    public static KithCsvWriter Events(string path) => new(path, EventHeader);

    public void Write(CustomerInput c)
    {
        Row(c.ExternalId, c.Name, c.Phone, c.Email, c.WeChatId, c.AppUserId, Snake(c.Gender?.ToString()), c.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            c.Country, c.Region, c.City, c.TimeZone, Time(c.RegisteredAt), c.SourceChannel, Bool(c.ConsentEmail), Bool(c.ConsentSms),
            Bool(c.ConsentPush), Bool(c.ConsentWeChat), c.Attributes?.ToJsonString());
    }

    public void Write(ProductInput p)
    {
        Row(p.Sku, p.Name, p.CategoryPath, p.Brand, p.Style, Money(p.Price), p.Currency, Bool(p.InStock), p.Attributes?.ToJsonString());
    }

    /// <summary>One row per line (one row without line columns for an order without lines).</summary>
    public void Write(OrderInput o)
    {
        var lines = o.Lines is { Count: > 0 } l ? l : [null!];
        foreach (var line in lines)
        {
            Row(o.ExternalId, o.CustomerId, Snake(o.Status?.ToString()), o.Currency, Money(o.Total), Money(o.Discount), Money(o.ShippingFee),
                Money(o.RefundedAmount), o.ItemCount?.ToString(CultureInfo.InvariantCulture), o.CouponCode, o.Channel, Time(o.PlacedAt), Time(o.PaidAt),
                Time(o.ShippedAt), Time(o.DeliveredAt), Time(o.CompletedAt), Time(o.CancelledAt), Time(o.RefundedAt), Time(o.UpdatedAt),
                line?.Sku, line?.Quantity?.ToString(CultureInfo.InvariantCulture), Money(line?.UnitPrice), Money(line?.Discount));
        }
    }

    public void Write(EventInput e)
    {
        Row(e.EventId, e.Type, Time(e.OccurredAt), e.CustomerId, e.Sku, e.OrderId, e.Properties?.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _csv.DisposeAsync();
        await _text.DisposeAsync();
    }

    private void Row(params string?[] fields)
    {
        foreach (var f in fields)
        {
            _csv.WriteField(f);
        }

        _csv.NextRecord();
    }

    private static string? Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string? Money(decimal? m) => m?.ToString(CultureInfo.InvariantCulture);

    private static string? Bool(bool? b) => b is null ? null : b.Value ? "true" : "false";

    private static string? Snake(string? pascal) => pascal is null ? null
        : string.Concat(pascal.Select((ch, i) => char.IsUpper(ch) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(ch) : ch.ToString()));
}
