using System.Data.Common;
using Kith.Core.Value;
using Kith.Data.Store;

namespace Kith.Data.Value;

/// <summary>Computes every customer's preference tags from the store: paid orders and their lines with the products' categories and brands, and behaviour events.</summary>
public static class PreferenceLoader
{
    /// <param name="CategoryWindows">The windows each category's stages used (fixed or calibrated); empty without category stages.</param>
    public sealed record Result(long[] CustomerIds, string[] ExternalIds, CustomerPreferences[] Tags, IReadOnlyDictionary<string, LifecycleWindows> CategoryWindows);

    /// <param name="categories">Lifecycle stages per category as well (stored as <c>stage:CATEGORY:STAGE</c> tags); null: none.</param>
    public static async Task<Result> ComputeAsync(KithStore store, TimeZoneInfo zone, CancellationToken ct, CategoryLifecycleOptions? categories = null)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var sqlite = store.Provider == StoreProvider.Sqlite;
        var ids = new List<long>();
        var externalIds = new List<string>();
        await ReadAsync(connection, "SELECT id, external_id FROM customers ORDER BY id", r =>
        {
            ids.Add(r.GetInt64(0));
            externalIds.Add(r.GetString(1));
        }, ct);
        var indexOf = OrderFactsLoader.IndexOf(ids);
        DateTime Local(DbDataReader r, int i) => TimeZoneInfo.ConvertTime(OrderFactsLoader.ReadUtc(r, i, sqlite), zone).DateTime;

        var orders = new List<PaidOrder>();
        await ReadAsync(connection, $"SELECT o.customer_id, o.coupon_code, o.discount, o.channel, o.paid_at FROM orders o WHERE {OrderFactsLoader.PaidOrders}", r =>
            orders.Add(new PaidOrder(indexOf(r.GetInt64(0)), !r.IsDBNull(1) && r.GetString(1).Length > 0 || r.GetDecimal(2) > 0m, r.IsDBNull(3) ? null : r.GetString(3), Local(r, 4).Hour)), ct);

        var lines = new List<PurchasedLine>();
        await ReadAsync(
            connection,
            "SELECT o.customer_id, o.paid_at, p.category_path, p.brand, l.unit_price, l.quantity, l.discount " +
            $"FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id WHERE {OrderFactsLoader.PaidOrders}",
            r =>
            {
                var category = r.IsDBNull(2) ? "" : r.GetString(2);
                var top = category.Split(" > ", 2)[0].Trim();
                var price = r.GetDecimal(4);
                lines.Add(new PurchasedLine(
                    indexOf(r.GetInt64(0)), DateOnly.FromDateTime(Local(r, 1)).DayNumber, top.Length == 0 ? "uncategorised" : top,
                    r.IsDBNull(3) ? null : r.GetString(3), price, (r.GetInt32(5) * price) - r.GetDecimal(6)));
            },
            ct);

        var hours = new List<(int, int)>();
        await ReadAsync(connection, "SELECT customer_id, occurred_at FROM events", r => hours.Add((indexOf(r.GetInt64(0)), Local(r, 1).Hour)), ct);
        var prices = new List<decimal>();
        await ReadAsync(connection, "SELECT price FROM products WHERE price IS NOT NULL", r => prices.Add(r.GetDecimal(0)), ct);
        var tags = PreferenceTags.Compute(ids.Count, lines, orders, hours, prices);
        if (categories is null || (categories.Windows.Count == 0 && !categories.CalibrateOthers))
        {
            return new Result([.. ids], [.. externalIds], tags, new Dictionary<string, LifecycleWindows>());
        }

        var stages = CategoryLifecycle.Compute(ids.Count, lines, categories);
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = tags[i] with { CategoryStages = stages.Stages[i] };
        }

        return new Result([.. ids], [.. externalIds], tags, stages.Windows);
    }

    private static async Task ReadAsync(DbConnection connection, string sql, Action<DbDataReader> row, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            row(reader);
        }
    }
}
