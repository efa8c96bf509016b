using System.Data.Common;
using Kith.Core;
using Kith.Core.Value;
using Kith.Data.Store;

namespace Kith.Data.Value;

/// <summary>
/// Scans the store into <see cref="OrderFacts"/>: every customer, and every paid order that is not cancelled
/// or refunded, as (customer, paid day in the store's time zone, total − refunded amount). One sequential
/// read of each table through ADO.NET, then a counting sort in memory.
/// </summary>
public static class OrderFactsLoader
{
    /// <summary>The orders that count for value (docs/metrics.md, "paid order"), for queries that name orders <c>o</c>.</summary>
    internal const string PaidOrders = "o.paid_at IS NOT NULL AND o.status NOT IN ('Cancelled', 'Refunded')";

    public static async Task<OrderFacts> LoadAsync(KithStore store, TimeZoneInfo zone, IProgress<long>? progress, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var ids = new List<long>();
        var externalIds = new List<string>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT id, external_id FROM customers ORDER BY id";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetInt64(0));
                externalIds.Add(reader.GetString(1));
            }
        }

        var indexOf = IndexOf(ids);
        var customer = new List<int>();
        var day = new List<int>();
        var value = new List<decimal>();
        var sqlite = store.Provider == StoreProvider.Sqlite;
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT o.customer_id, o.paid_at, o.total, o.refunded_amount FROM orders o WHERE {PaidOrders}";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            // Microsoft.Data.Sqlite reads synchronously anyway; a Task per row would only add overhead.
            while (sqlite ? reader.Read() : await reader.ReadAsync(ct))
            {
                var paid = ReadUtc(reader, 1, sqlite);
                customer.Add(indexOf(reader.GetInt64(0)));
                day.Add(DayOf(paid, zone));
                value.Add(reader.GetDecimal(2) - reader.GetDecimal(3));
                if (customer.Count % 100_000 == 0)
                {
                    progress?.Report(customer.Count);
                }
            }
        }

        progress?.Report(customer.Count);
        return OrderFacts.FromRows([.. ids], [.. externalIds], customer.ToArray(), day.ToArray(), value.ToArray());
    }

    /// <summary>The days (in <paramref name="zone"/>) of the first and the latest paid order; null when there is none.</summary>
    public static async Task<(DateOnly First, DateOnly Last)?> PaidDayRangeAsync(KithStore store, TimeZoneInfo zone, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT MIN(o.paid_at), MAX(o.paid_at) FROM orders o WHERE {PaidOrders}";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.IsDBNull(0))
        {
            return null;
        }

        var sqlite = store.Provider == StoreProvider.Sqlite;
        return (DateOnly.FromDayNumber(DayOf(ReadUtc(reader, 0, sqlite), zone)), DateOnly.FromDayNumber(DayOf(ReadUtc(reader, 1, sqlite), zone)));
    }

    /// <summary>A timestamp column: unix microseconds on SQLite (Kith's converter), timestamptz on PostgreSQL.</summary>
    internal static DateTimeOffset ReadUtc(DbDataReader reader, int ordinal, bool sqlite) =>
        sqlite ? Timestamps.FromUnixMicroseconds(reader.GetInt64(ordinal)) : new DateTimeOffset(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);

    internal static int DayOf(DateTimeOffset utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(zone == TimeZoneInfo.Utc ? utc.UtcDateTime : TimeZoneInfo.ConvertTime(utc, zone).DateTime).DayNumber;

    /// <summary>Customer id → position; ids are usually dense, so an array serves, else a dictionary.</summary>
    internal static Func<long, int> IndexOf(List<long> ids)
    {
        var max = ids.Count == 0 ? 0 : ids[^1];
        if (max <= 4L * ids.Count + 1024)
        {
            var map = new int[max + 1];
            for (var i = 0; i < ids.Count; i++)
            {
                map[ids[i]] = i;
            }

            return id => map[id];
        }

        var dict = new Dictionary<long, int>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            dict[ids[i]] = i;
        }

        return id => dict[id];
    }
}
