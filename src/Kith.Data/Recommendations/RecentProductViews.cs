using Kith.Core;
using Kith.Core.Events;
using Kith.Data.Store;

namespace Kith.Data.Recommendations;

/// <summary>
/// A customer's latest product views, newest first, read straight from the events table (one indexed query on
/// customer and time) so that a view posted a moment ago shifts the next recommendation without a retrain.
/// </summary>
public static class RecentProductViews
{
    public static async Task<IReadOnlyList<string>> LoadAsync(KithStore store, string customerExternalId, DateTimeOffset since, int limit, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var sqlite = store.Provider == StoreProvider.Sqlite;
        await using var cmd = connection.CreateCommand();
        cmd.CommandText =
            "SELECT p.sku FROM events e JOIN customers c ON c.id = e.customer_id JOIN products p ON p.id = e.product_id " +
            "WHERE c.external_id = @customer AND e.type = @type AND e.occurred_at >= @since ORDER BY e.occurred_at DESC, e.id DESC LIMIT @limit";
        Add(cmd, "customer", customerExternalId);
        Add(cmd, "type", EventTypes.ViewProduct);
        Add(cmd, "since", sqlite ? Timestamps.ToUnixMicroseconds(since) : since.UtcDateTime);
        Add(cmd, "limit", limit);
        var skus = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            skus.Add(reader.GetString(0));
        }

        return skus;
    }

    private static void Add(System.Data.Common.DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
