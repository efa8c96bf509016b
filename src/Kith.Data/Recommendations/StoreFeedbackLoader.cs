using System.Data.Common;
using Kith.Core;
using Kith.Core.Recommendations;
using Kith.Data.Store;
using Kith.Data.Value;

namespace Kith.Data.Recommendations;

/// <summary>
/// Reads the implicit feedback of the store for the served models, one sequential ADO.NET read per table: paid,
/// not cancelled or refunded order lines (customer, SKU, paid time) and product events of the last
/// <see cref="EventHorizon"/> (view, add to cart, favourite), weighted by <see cref="StoreFeedbackWeights"/>; plus the
/// catalogue. Erased customers are left out.
/// </summary>
public static class StoreFeedbackLoader
{
    /// <summary>Older product events are not read: at a 90-day half-life they weigh under 7 % of a fresh one.</summary>
    public static readonly TimeSpan EventHorizon = TimeSpan.FromDays(365);

    public static async Task<StoreFeedback> LoadAsync(KithStore store, StoreFeedbackWeights weights, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var sqlite = store.Provider == StoreProvider.Sqlite;

        var catalogue = new List<CatalogueItem>();
        var productIds = new List<long>();
        await ReadAsync(connection, "SELECT id, sku, name, category_path, brand, price, in_stock FROM products ORDER BY id", [], r =>
        {
            productIds.Add(r.GetInt64(0));
            catalogue.Add(new CatalogueItem(r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.IsDBNull(5) ? null : r.GetDecimal(5), r.GetBoolean(6)));
        }, ct);
        var productArray = productIds.ToArray();
        int ProductOf(long id) => Array.BinarySearch(productArray, id) is var i && i >= 0 ? i : -1;

        var customers = new Dictionary<long, string>();
        await ReadAsync(connection, "SELECT id, external_id FROM customers WHERE erased_at IS NULL", [], r => customers[r.GetInt64(0)] = r.GetString(1), ct);

        var events = new List<FeedbackEvent>();
        var purchased = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var paidLines = 0;
        await ReadAsync(
            connection,
            $"SELECT o.customer_id, o.paid_at, l.product_id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE {OrderFactsLoader.PaidOrders}",
            [],
            r =>
            {
                paidLines++;
                var product = ProductOf(r.GetInt64(2));
                if (product < 0 || !customers.TryGetValue(r.GetInt64(0), out var customer))
                {
                    return;
                }

                var sku = catalogue[product].Sku;
                var paid = OrderFactsLoader.ReadUtc(r, 1, sqlite);
                events.Add(new FeedbackEvent(customer, sku, weights.Decayed(weights.Purchase, paid, now), paid, IsPurchase: true));
                if (!purchased.TryGetValue(customer, out var bought))
                {
                    purchased[customer] = bought = new HashSet<string>(StringComparer.Ordinal);
                }

                bought.Add(sku);
            },
            ct);

        var from = now - EventHorizon;
        var types = string.Join(", ", StoreFeedbackWeights.ProductEventTypes.Select(t => $"'{t}'"));
        await ReadAsync(
            connection,
            $"SELECT customer_id, occurred_at, type, product_id FROM events WHERE product_id IS NOT NULL AND type IN ({types}) AND occurred_at >= @from",
            [("from", sqlite ? Timestamps.ToUnixMicroseconds(from) : from.UtcDateTime)],
            r =>
            {
                var product = ProductOf(r.GetInt64(3));
                if (product < 0 || !customers.TryGetValue(r.GetInt64(0), out var customer))
                {
                    return;
                }

                var at = OrderFactsLoader.ReadUtc(r, 1, sqlite);
                events.Add(new FeedbackEvent(customer, catalogue[product].Sku, weights.Decayed(weights.OfEvent(r.GetString(2)), at, now), at));
            },
            ct);

        return new StoreFeedback { Events = events, Catalogue = catalogue, Purchased = purchased, PaidLines = paidLines };
    }

    /// <summary>
    /// A cheap summary of everything <see cref="LoadAsync"/> reads (paid orders, their lines, events, the catalogue and its
    /// stock, erasures): equal fingerprints mean a new training would see the same feedback, only older. Age scales every
    /// weight by the same factor, so the neighbour lists and the popularity order would not change.
    /// </summary>
    public static async Task<string> FingerprintAsync(KithStore store, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandTimeout = 600;
        cmd.CommandText = $"""
            SELECT (SELECT COUNT(*) FROM orders o WHERE {OrderFactsLoader.PaidOrders}),
                   (SELECT COUNT(*) FROM order_lines), (SELECT MAX(id) FROM order_lines),
                   (SELECT MAX(id) FROM events),
                   (SELECT COUNT(*) FROM products), (SELECT MAX(updated_at) FROM products), (SELECT COUNT(*) FROM products WHERE in_stock),
                   (SELECT COUNT(*) FROM customers WHERE erased_at IS NULL)
            """;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i)
            ? "-"
            : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
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
