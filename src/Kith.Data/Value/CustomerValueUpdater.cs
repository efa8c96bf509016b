using System.Data.Common;
using System.Globalization;
using Kith.Core.Value;
using Kith.Data.Store;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kith.Data.Value;

/// <summary>
/// Brings the stored values of a few customers up to date after their orders changed, without a recompute:
/// each is re-scored as of a date against the cut points of the last recompute (<see cref="ValueScale"/>,
/// docs/metrics.md "Between recomputes") and its <c>customer_values</c> row replaced. Snapshots are left to
/// the recomputes. Does nothing before the first recompute (there is no scale to score against).
/// </summary>
public static class CustomerValueUpdater
{
    private const int Chunk = 500;

    /// <summary>Updates the customers with these external ids; returns how many rows were written.</summary>
    public static async Task<int> UpdateAsync(KithStore store, IReadOnlyCollection<string> externalIds, DateOnly asOf, TimeZoneInfo zone, CancellationToken ct)
    {
        if (externalIds.Count == 0)
        {
            return 0;
        }

        await using var connection = await store.OpenConnectionAsync(ct);
        var sqlite = store.Provider == StoreProvider.Sqlite;
        ValueScale scale;
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT scale FROM value_scales WHERE id = {ValueScaleRow.Current}";
            if (await cmd.ExecuteScalarAsync(ct) is not string json)
            {
                return 0;
            }

            scale = new ValueScaleRow { Scale = json }.ToScale();
        }

        // Each customer's paid orders as (day, net value); a customer without any still gets a row (a prospect again after a refund).
        var orders = new Dictionary<long, List<(int Day, decimal Value)>>();
        foreach (var chunk in externalIds.Distinct(StringComparer.Ordinal).Chunk(Chunk))
        {
            await using var cmd = connection.CreateCommand();
            var names = In(cmd, chunk, sqlite);
            cmd.CommandText = $"SELECT c.id, o.paid_at, o.total, o.refunded_amount FROM customers c " +
                              $"LEFT JOIN orders o ON o.customer_id = c.id AND {OrderFactsLoader.PaidOrders} WHERE c.external_id IN ({names})";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetInt64(0);
                if (!orders.TryGetValue(id, out var list))
                {
                    orders[id] = list = [];
                }

                if (!reader.IsDBNull(1))
                {
                    list.Add((OrderFactsLoader.DayOf(OrderFactsLoader.ReadUtc(reader, 1, sqlite), zone), reader.GetDecimal(2) - reader.GetDecimal(3)));
                }
            }
        }

        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var upsert = connection.CreateCommand();
        upsert.Transaction = tx;
        var p = sqlite ? "$" : "@";
        upsert.CommandText =
            "INSERT INTO customer_values (customer_id, as_of, recency_days, frequency, monetary, r_score, f_score, m_score, rfm_group, lifecycle, tier) " +
            $"VALUES ({string.Join(", ", Enumerable.Range(0, 11).Select(i => $"{p}p{i}"))}) " +
            "ON CONFLICT (customer_id) DO UPDATE SET as_of = excluded.as_of, recency_days = excluded.recency_days, frequency = excluded.frequency, " +
            "monetary = excluded.monetary, r_score = excluded.r_score, f_score = excluded.f_score, m_score = excluded.m_score, " +
            "rfm_group = excluded.rfm_group, lifecycle = excluded.lifecycle, tier = excluded.tier";
        var parameters = Enumerable.Range(0, 11).Select(i => Parameter(upsert, $"p{i}")).ToArray();
        parameters[1].Value = sqlite ? asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : asOf;
        foreach (var (id, list) in orders)
        {
            list.Sort();
            var v = ValueEngine.ComputeOne(list.Select(o => o.Day).ToArray(), list.Select(o => o.Value).ToArray(), asOf, scale);
            parameters[0].Value = id;
            parameters[2].Value = (object?)v.RecencyDays ?? DBNull.Value;
            parameters[3].Value = v.Frequency;
            parameters[4].Value = v.Monetary;
            parameters[5].Value = v.RScore is { } r ? (short)r : DBNull.Value;
            parameters[6].Value = v.FScore is { } f ? (short)f : DBNull.Value;
            parameters[7].Value = v.MScore is { } m ? (short)m : DBNull.Value;
            parameters[8].Value = ValueNames.Of(v.Group);
            parameters[9].Value = ValueNames.Of(v.Lifecycle);
            parameters[10].Value = ValueNames.Of(v.Tier);
            await upsert.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return orders.Count;
    }

    private static string In(DbCommand cmd, string[] values, bool sqlite)
    {
        for (var i = 0; i < values.Length; i++)
        {
            Parameter(cmd, $"x{i}").Value = values[i];
        }

        return string.Join(", ", Enumerable.Range(0, values.Length).Select(i => (sqlite ? "$x" : "@x") + i));
    }

    private static DbParameter Parameter(DbCommand cmd, string name)
    {
        DbParameter p = cmd is SqliteCommand ? new SqliteParameter { ParameterName = name } : new NpgsqlParameter { ParameterName = name };
        cmd.Parameters.Add(p);
        return p;
    }
}
