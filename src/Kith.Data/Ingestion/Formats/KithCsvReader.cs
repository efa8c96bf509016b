using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Kith.Core.Ingestion;

namespace Kith.Data.Ingestion.Formats;

/// <summary>Reads Kith's own CSV (docs/import-formats.md). Streams: one record (for orders: one order's rows) at a time.</summary>
internal sealed class KithCsvReader(ImportKind kind, ValueParser parse)
{
    private delegate void Bind<T>(ImportRecord r, T target, string column, string? text);

    private static readonly Dictionary<string, Bind<CustomerInput>> CustomerColumns = new(StringComparer.Ordinal)
    {
        ["external_id"] = (r, c, col, v) => c.ExternalId = v,
        ["name"] = (r, c, col, v) => c.Name = v,
        ["phone"] = (r, c, col, v) => c.Phone = v,
        ["email"] = (r, c, col, v) => c.Email = v,
        ["wechat_id"] = (r, c, col, v) => c.WeChatId = v,
        ["app_user_id"] = (r, c, col, v) => c.AppUserId = v,
        ["gender"] = (r, c, col, v) => c.Gender = ValueParser.GenderOf(r, col, v),
        ["birthday"] = (r, c, col, v) => c.Birthday = ValueParser.Date(r, col, v),
        ["country"] = (r, c, col, v) => c.Country = v,
        ["region"] = (r, c, col, v) => c.Region = v,
        ["city"] = (r, c, col, v) => c.City = v,
        ["time_zone"] = (r, c, col, v) => c.TimeZone = v,
        ["registered_at"] = null!, // bound with the zone below
        ["source_channel"] = (r, c, col, v) => c.SourceChannel = v,
        ["consent_email"] = (r, c, col, v) => c.ConsentEmail = ValueParser.Bool(r, col, v),
        ["consent_sms"] = (r, c, col, v) => c.ConsentSms = ValueParser.Bool(r, col, v),
        ["consent_push"] = (r, c, col, v) => c.ConsentPush = ValueParser.Bool(r, col, v),
        ["consent_wechat"] = (r, c, col, v) => c.ConsentWeChat = ValueParser.Bool(r, col, v),
        ["attributes"] = (r, c, col, v) => c.Attributes = ValueParser.Json(r, col, v),
    };

    private static readonly Dictionary<string, Bind<ProductInput>> ProductColumns = new(StringComparer.Ordinal)
    {
        ["sku"] = (r, p, col, v) => p.Sku = v,
        ["name"] = (r, p, col, v) => p.Name = v,
        ["category_path"] = (r, p, col, v) => p.CategoryPath = v,
        ["brand"] = (r, p, col, v) => p.Brand = v,
        ["style"] = (r, p, col, v) => p.Style = v,
        ["price"] = (r, p, col, v) => p.Price = ValueParser.Decimal(r, col, v),
        ["currency"] = (r, p, col, v) => p.Currency = v,
        ["in_stock"] = (r, p, col, v) => p.InStock = ValueParser.Bool(r, col, v),
        ["attributes"] = (r, p, col, v) => p.Attributes = ValueParser.Json(r, col, v),
    };

    private static readonly string[] OrderTimeColumns =
        ["placed_at", "paid_at", "shipped_at", "delivered_at", "completed_at", "cancelled_at", "refunded_at", "updated_at"];

    private static readonly HashSet<string> OrderColumns = new(StringComparer.Ordinal)
    {
        "order_id", "customer_id", "status", "currency", "total", "discount", "shipping_fee", "refunded_amount", "item_count",
        "coupon_code", "channel", "placed_at", "paid_at", "shipped_at", "delivered_at", "completed_at", "cancelled_at",
        "refunded_at", "updated_at", "sku", "quantity", "unit_price", "line_discount",
    };

    private static readonly HashSet<string> EventColumns = new(StringComparer.Ordinal)
    {
        "event_id", "type", "occurred_at", "customer_id", "sku", "order_id", "properties",
    };

    private static readonly Dictionary<ImportKind, string[]> Required = new()
    {
        [ImportKind.Customers] = ["external_id"],
        [ImportKind.Products] = ["sku"],
        [ImportKind.Orders] = ["order_id", "customer_id", "placed_at"],
        [ImportKind.Events] = ["event_id", "type", "occurred_at", "customer_id"],
    };

    /// <summary>Maps a field name used by validation (camelCase JSON) to the CSV column.</summary>
    public static string ColumnOf(ImportKind kind, string field)
    {
        var bracket = field.IndexOf('.', StringComparison.Ordinal);
        var name = bracket >= 0 ? field[(bracket + 1)..] : field;
        return (kind, name) switch
        {
            (ImportKind.Orders, "externalId") => "order_id",
            (ImportKind.Orders, "discount") when bracket >= 0 => "line_discount",
            (ImportKind.Orders, "orderId") => "order_id",
            (ImportKind.Events, "orderId") => "order_id",
            (_, "weChatId") => "wechat_id",
            (_, "consentWeChat") => "consent_wechat",
            _ => SnakeCase(name),
        };
    }

    public IEnumerable<ImportRecord> Read(TextReader text, string file, Action<string> fail)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectColumnCountChanges = false,
            BadDataFound = null,
            TrimOptions = TrimOptions.None,
        };
        using var csv = new CsvReader(text, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
        {
            fail("the file is empty: a header row is expected");
            yield break;
        }

        var known = kind switch
        {
            ImportKind.Customers => CustomerColumns.Keys.ToHashSet(StringComparer.Ordinal),
            ImportKind.Products => ProductColumns.Keys.ToHashSet(StringComparer.Ordinal),
            ImportKind.Orders => OrderColumns,
            _ => EventColumns,
        };
        var columns = header.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var unknown = columns.Where(c => !known.Contains(c)).ToList();
        var missing = Required[kind].Where(c => !columns.Contains(c)).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            fail(string.Join("; ", new[]
            {
                unknown.Count > 0 ? $"unknown column(s) {string.Join(", ", unknown)} (expected some of: {string.Join(", ", known)})" : null,
                missing.Count > 0 ? $"missing required column(s) {string.Join(", ", missing)}" : null,
            }.Where(s => s is not null)));
            yield break;
        }

        var enumerator = Rows(csv, columns).GetEnumerator();
        using (enumerator)
        {
            if (kind == ImportKind.Orders)
            {
                foreach (var order in GroupOrders(enumerator))
                {
                    yield return order;
                }

                yield break;
            }

            while (enumerator.MoveNext())
            {
                var (line, row) = enumerator.Current;
                var r = new ImportRecord { Line = line };
                r.Input = kind switch
                {
                    ImportKind.Customers => BindCustomer(r, row),
                    ImportKind.Products => BindAll(r, row, ProductColumns, new ProductInput()),
                    _ => BindEvent(r, row),
                };
                yield return r;
            }
        }
    }

    private static IEnumerable<(long Line, Dictionary<string, string?> Row)> Rows(CsvReader csv, string[] columns)
    {
        while (csv.Read())
        {
            var record = csv.Parser.Record ?? [];
            var row = new Dictionary<string, string?>(columns.Length, StringComparer.Ordinal);
            for (var i = 0; i < columns.Length; i++)
            {
                var v = i < record.Length ? record[i] : null;
                row[columns[i]] = string.IsNullOrEmpty(v) ? null : v;
            }

            yield return (csv.Parser.RawRow, row);
        }
    }

    private CustomerInput BindCustomer(ImportRecord r, Dictionary<string, string?> row)
    {
        var c = new CustomerInput();
        foreach (var (column, text) in row)
        {
            if (column == "registered_at")
            {
                c.RegisteredAt = parse.Time(r, column, text);
            }
            else
            {
                CustomerColumns[column](r, c, column, text);
            }
        }

        return c;
    }

    private static T BindAll<T>(ImportRecord r, Dictionary<string, string?> row, Dictionary<string, Bind<T>> binders, T target)
    {
        foreach (var (column, text) in row)
        {
            binders[column](r, target, column, text);
        }

        return target;
    }

    private EventInput BindEvent(ImportRecord r, Dictionary<string, string?> row) => new()
    {
        EventId = row.GetValueOrDefault("event_id"),
        Type = row.GetValueOrDefault("type"),
        OccurredAt = parse.Time(r, "occurred_at", row.GetValueOrDefault("occurred_at")),
        CustomerId = row.GetValueOrDefault("customer_id"),
        Sku = row.GetValueOrDefault("sku"),
        OrderId = row.GetValueOrDefault("order_id"),
        Properties = ValueParser.Json(r, "properties", row.GetValueOrDefault("properties")),
    };

    /// <summary>Consecutive rows with the same order_id are one order; its columns come from its first row.</summary>
    private IEnumerable<ImportRecord> GroupOrders(IEnumerator<(long Line, Dictionary<string, string?> Row)> rows)
    {
        ImportRecord? current = null;
        string? currentId = null;
        List<long>? lineRows = null;
        while (rows.MoveNext())
        {
            var (line, row) = rows.Current;
            var id = row.GetValueOrDefault("order_id");
            if (current is null || id is null || id != currentId)
            {
                if (current is not null)
                {
                    current.LineRows = [.. lineRows!];
                    yield return current;
                }

                current = new ImportRecord { Line = line };
                current.Input = BindOrder(current, row);
                currentId = id;
                lineRows = [];
            }

            var order = (OrderInput)current.Input!;
            var sku = row.GetValueOrDefault("sku");
            if (sku is not null || row.GetValueOrDefault("quantity") is not null || row.GetValueOrDefault("unit_price") is not null)
            {
                // Errors of later rows are reported on their own line.
                var lineRecord = line == current.Line ? current : new ImportRecord { Line = line };
                order.Lines ??= [];
                order.Lines.Add(new OrderLineInput
                {
                    Sku = sku,
                    Quantity = ValueParser.Int(lineRecord, "quantity", row.GetValueOrDefault("quantity")),
                    UnitPrice = ValueParser.Decimal(lineRecord, "unit_price", row.GetValueOrDefault("unit_price")),
                    Discount = ValueParser.Decimal(lineRecord, "line_discount", row.GetValueOrDefault("line_discount")),
                });
                lineRows!.Add(line);
                if (lineRecord != current && lineRecord.Errors is { } errs)
                {
                    foreach (var (errLine, col, reason) in errs)
                    {
                        current.Error(errLine, col, reason);
                    }
                }
            }
        }

        if (current is not null)
        {
            current.LineRows = [.. lineRows!];
            yield return current;
        }
    }

    private OrderInput BindOrder(ImportRecord r, Dictionary<string, string?> row)
    {
        var times = OrderTimeColumns.ToDictionary(c => c, c => parse.Time(r, c, row.GetValueOrDefault(c)), StringComparer.Ordinal);
        return new OrderInput
        {
            ExternalId = row.GetValueOrDefault("order_id"),
            CustomerId = row.GetValueOrDefault("customer_id"),
            Status = ValueParser.Status(r, "status", row.GetValueOrDefault("status")),
            Currency = row.GetValueOrDefault("currency"),
            Total = ValueParser.Decimal(r, "total", row.GetValueOrDefault("total")),
            Discount = ValueParser.Decimal(r, "discount", row.GetValueOrDefault("discount")),
            ShippingFee = ValueParser.Decimal(r, "shipping_fee", row.GetValueOrDefault("shipping_fee")),
            RefundedAmount = ValueParser.Decimal(r, "refunded_amount", row.GetValueOrDefault("refunded_amount")),
            ItemCount = ValueParser.Int(r, "item_count", row.GetValueOrDefault("item_count")),
            CouponCode = row.GetValueOrDefault("coupon_code"),
            Channel = row.GetValueOrDefault("channel"),
            PlacedAt = times["placed_at"],
            PaidAt = times["paid_at"],
            ShippedAt = times["shipped_at"],
            DeliveredAt = times["delivered_at"],
            CompletedAt = times["completed_at"],
            CancelledAt = times["cancelled_at"],
            RefundedAt = times["refunded_at"],
            UpdatedAt = times["updated_at"],
        };
    }

    private static string SnakeCase(string name) => string.Concat(name.Select((ch, i) =>
        char.IsUpper(ch) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(ch) : ch.ToString()));
}
