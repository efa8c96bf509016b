using System.Data.Common;
using System.Globalization;
using Kith.Core;
using Kith.Core.Segments;
using Kith.Data.Store;
using Kith.Data.Value;

namespace Kith.Data.Segments;

/// <summary>
/// Reads the store into <see cref="SegmentProfiles"/> as of a date: customers (not erased) with their last
/// recompute, tags, products, paid order lines up to the date, and the events of the last
/// <see cref="SegmentFields.MaxWindowDays"/> days. One sequential read per table through ADO.NET.
/// </summary>
public static class SegmentProfilesLoader
{
    public static async Task<SegmentProfiles> LoadAsync(KithStore store, DateOnly asOf, TimeZoneInfo zone, IProgress<string>? progress, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var sqlite = store.Provider == StoreProvider.Sqlite;
        object Instant(DateOnly day) => sqlite ? Timestamps.ToUnixMicroseconds(DailySales.StartOf(day, zone)) : DailySales.StartOf(day, zone).UtcDateTime;
        var end = Instant(asOf.AddDays(1));

        progress?.Report("customers");
        var ids = new List<long>();
        var number = Enumerable.Range(0, 6).Select(_ => new List<double>()).ToArray();
        var predicted = Enumerable.Range(0, 3).Select(_ => new List<double>()).ToArray();
        var churnBand = new List<string?>();
        var text = Enumerable.Range(0, 8).Select(_ => new List<string?>()).ToArray();
        var flags = Enumerable.Range(0, 4).Select(_ => new List<bool>()).ToArray();
        var registered = new List<int>();
        var birthdays = new List<short>();
        await ReadAsync(
            connection,
            "SELECT c.id, c.gender, c.country, c.region, c.city, c.source_channel, c.consent_email, c.consent_sms, c.consent_push, c.consent_we_chat, " +
            "c.registered_at, c.birthday, v.recency_days, v.frequency, v.monetary, v.r_score, v.f_score, v.m_score, v.lifecycle, v.tier, v.rfm_group, " +
            "pr.clv, pr.p_alive, pr.churn_risk, pr.churn_band " +
            "FROM customers c LEFT JOIN customer_values v ON v.customer_id = c.id LEFT JOIN customer_predictions pr ON pr.customer_id = c.id " +
            "WHERE c.erased_at IS NULL ORDER BY c.id",
            [],
            r =>
            {
                ids.Add(r.GetInt64(0));
                text[0].Add(r.IsDBNull(18) ? null : r.GetString(18));
                text[1].Add(r.IsDBNull(19) ? null : r.GetString(19));
                text[2].Add(r.IsDBNull(20) ? null : r.GetString(20));
                text[3].Add(r.IsDBNull(1) ? null : r.GetString(1).ToLowerInvariant());
                for (var k = 0; k < 4; k++)
                {
                    text[4 + k].Add(r.IsDBNull(2 + k) ? null : r.GetString(2 + k));
                    flags[k].Add(r.GetBoolean(6 + k));
                }

                registered.Add(r.IsDBNull(10) ? SegmentProfiles.MissingDay : OrderFactsLoader.DayOf(OrderFactsLoader.ReadUtc(r, 10, sqlite), zone));
                var birthday = r.IsDBNull(11) ? (DateOnly?)null
                    : sqlite ? DateOnly.ParseExact(r.GetString(11), "yyyy-MM-dd", CultureInfo.InvariantCulture) : r.GetFieldValue<DateOnly>(11);
                birthdays.Add(birthday is { } b ? (short)((b.Month * 100) + b.Day) : (short)0);
                for (var k = 0; k < 6; k++)
                {
                    number[k].Add(r.IsDBNull(12 + k) ? double.NaN : k == 2 ? (double)r.GetDecimal(12 + k) : r.GetInt32(12 + k));
                }

                predicted[0].Add(r.IsDBNull(21) ? double.NaN : (double)r.GetDecimal(21));
                predicted[1].Add(r.IsDBNull(22) ? double.NaN : r.GetDouble(22));
                predicted[2].Add(r.IsDBNull(23) ? double.NaN : r.GetDouble(23));
                churnBand.Add(r.IsDBNull(24) ? null : r.GetString(24));
            },
            ct);
        var count = ids.Count;
        var idArray = ids.ToArray();
        int PositionOf(long id) => Array.BinarySearch(idArray, id) is var i && i >= 0 ? i : -1;

        progress?.Report("tags");
        var tagHolders = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        await ReadAsync(connection, "SELECT customer_id, tag FROM customer_tags ORDER BY customer_id", [], r =>
        {
            var i = PositionOf(r.GetInt64(0));
            if (i >= 0)
            {
                var tag = r.GetString(1);
                if (!tagHolders.TryGetValue(tag, out var list))
                {
                    tagHolders[tag] = list = [];
                }

                list.Add(i);
            }
        }, ct);

        progress?.Report("products");
        var productIds = new List<long>();
        var skus = new List<string>();
        var categories = new List<string?>();
        await ReadAsync(connection, "SELECT id, sku, category_path FROM products ORDER BY id", [], r =>
        {
            productIds.Add(r.GetInt64(0));
            skus.Add(r.GetString(1));
            categories.Add(r.IsDBNull(2) ? null : r.GetString(2));
        }, ct);
        var productArray = productIds.ToArray();
        int ProductOf(long id) => Array.BinarySearch(productArray, id) is var i && i >= 0 ? i : -1;

        progress?.Report("orders");
        var firstPurchase = new int[count];
        Array.Fill(firstPurchase, SegmentProfiles.MissingDay);
        await ReadAsync(
            connection,
            $"SELECT o.customer_id, MIN(o.paid_at) FROM orders o WHERE {OrderFactsLoader.PaidOrders} AND o.paid_at < @end GROUP BY o.customer_id",
            [("end", end)],
            r =>
            {
                var i = PositionOf(r.GetInt64(0));
                if (i >= 0)
                {
                    firstPurchase[i] = OrderFactsLoader.DayOf(OrderFactsLoader.ReadUtc(r, 1, sqlite), zone);
                }
            },
            ct);

        var purchaseDay = new List<int>();
        var purchaseCustomer = new List<int>();
        var purchaseProduct = new List<int>();
        await ReadAsync(
            connection,
            $"SELECT o.customer_id, o.paid_at, l.product_id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE {OrderFactsLoader.PaidOrders} AND o.paid_at < @end",
            [("end", end)],
            r =>
            {
                var i = PositionOf(r.GetInt64(0));
                var product = ProductOf(r.GetInt64(2));
                if (i >= 0 && product >= 0)
                {
                    purchaseDay.Add(OrderFactsLoader.DayOf(OrderFactsLoader.ReadUtc(r, 1, sqlite), zone));
                    purchaseCustomer.Add(i);
                    purchaseProduct.Add(product);
                }
            },
            ct);
        var (pDay, pCustomer, pProduct) = SortByDay(purchaseDay, purchaseCustomer, purchaseProduct);

        progress?.Report("events");
        var windowStart = SegmentCalendar.WindowStart(asOf, SegmentFields.MaxWindowDays);
        // Day boundaries of the window as stored instants, so that an event's day is found exactly as SQL ranges find it.
        var bounds = Enumerable.Range(0, SegmentFields.MaxWindowDays + 1)
            .Select(d => Timestamps.ToUnixMicroseconds(DailySales.StartOf(windowStart.AddDays(d), zone)))
            .ToArray();
        var eventDay = new List<int>();
        var eventCustomer = new List<int>();
        var eventType = new List<int>();
        var eventProduct = new List<int>();
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        await ReadAsync(
            connection,
            "SELECT customer_id, occurred_at, type, product_id FROM events WHERE occurred_at >= @from AND occurred_at < @end",
            [("from", Instant(windowStart)), ("end", end)],
            r =>
            {
                var i = PositionOf(r.GetInt64(0));
                if (i < 0)
                {
                    return;
                }

                var micros = Timestamps.ToUnixMicroseconds(OrderFactsLoader.ReadUtc(r, 1, sqlite));
                var k = Array.BinarySearch(bounds, micros);
                var offset = k >= 0 ? k : ~k - 1;
                var type = r.GetString(2);
                if (!types.TryGetValue(type, out var code))
                {
                    types[type] = code = types.Count;
                }

                eventDay.Add(windowStart.DayNumber + offset);
                eventCustomer.Add(i);
                eventType.Add(code);
                eventProduct.Add(r.IsDBNull(3) ? -1 : ProductOf(r.GetInt64(3)));
            },
            ct);
        var (eDay, eCustomer, eOrder) = SortByDay(eventDay, eventCustomer, Enumerable.Range(0, eventDay.Count).ToList());
        var eType = new int[eOrder.Length];
        var eProduct = new int[eOrder.Length];
        for (var k = 0; k < eOrder.Length; k++)
        {
            eType[k] = eventType[eOrder[k]];
            eProduct[k] = eventProduct[eOrder[k]];
        }

        return new SegmentProfiles
        {
            AsOf = asOf,
            CustomerIds = idArray,
            RecencyDays = [.. number[0]],
            Orders = [.. number[1]],
            Spend = [.. number[2]],
            RScore = [.. number[3]],
            FScore = [.. number[4]],
            MScore = [.. number[5]],
            Clv = [.. predicted[0]],
            PAlive = [.. predicted[1]],
            ChurnRisk = [.. predicted[2]],
            ChurnBand = CodedColumn.From(churnBand),
            Lifecycle = CodedColumn.From(text[0]),
            Tier = CodedColumn.From(text[1]),
            RfmGroup = CodedColumn.From(text[2]),
            Gender = CodedColumn.From(text[3]),
            Country = CodedColumn.From(text[4]),
            Region = CodedColumn.From(text[5]),
            City = CodedColumn.From(text[6]),
            SourceChannel = CodedColumn.From(text[7]),
            ConsentEmail = [.. flags[0]],
            ConsentSms = [.. flags[1]],
            ConsentPush = [.. flags[2]],
            ConsentWeChat = [.. flags[3]],
            RegisteredDay = [.. registered],
            FirstPurchaseDay = firstPurchase,
            Birthday = [.. birthdays],
            Tags = tagHolders.ToDictionary(kv => kv.Key, kv => kv.Value.Order().ToArray(), StringComparer.Ordinal),
            ProductSkus = [.. skus],
            ProductCategories = [.. categories],
            PurchaseDay = pDay,
            PurchaseCustomer = pCustomer,
            PurchaseProduct = pProduct,
            EventDay = eDay,
            EventCustomer = eCustomer,
            EventType = eType,
            EventProduct = eProduct,
            EventTypes = [.. types.OrderBy(kv => kv.Value).Select(kv => kv.Key)],
        };
    }

    /// <summary>Three parallel lists ordered by the first (the order within a day does not matter).</summary>
    private static (int[] Day, int[] A, int[] B) SortByDay(List<int> day, List<int> a, List<int> b)
    {
        var order = Enumerable.Range(0, day.Count).ToArray();
        var keys = day.ToArray();
        Array.Sort(keys, order);
        var outA = new int[order.Length];
        var outB = new int[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            outA[k] = a[order[k]];
            outB[k] = b[order[k]];
        }

        return (keys, outA, outB);
    }

    private static async Task ReadAsync(DbConnection connection, string sql, (string Name, object Value)[] parameters, Action<DbDataReader> row, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 600;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }

        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            row(reader);
        }
    }
}
