using System.Globalization;
using Kith.Core.Value;
using Kith.Data.Store;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Kith.Data.Value;

/// <summary>
/// Stores a recompute: replaces every row of <c>customer_values</c> and the snapshot of the same as-of date in
/// <c>customer_value_snapshots</c>, and the cut points behind them in <c>value_scales</c>, in one transaction (readers see the old values or the new, never a mix).
/// Bulk paths: prepared statements on SQLite, binary COPY on PostgreSQL.
/// </summary>
public static class CustomerValueWriter
{
    private const string Columns = "customer_id, as_of, recency_days, frequency, monetary, r_score, f_score, m_score, rfm_group, lifecycle, tier";

    /// <summary>Rows a write stores: the current value and the snapshot row of every customer (what progress counts to).</summary>
    public static int RowsFor(OrderFacts facts) => 2 * facts.CustomerCount;

    /// <summary>Replaces the stored values; <paramref name="progress"/> gets the number of rows written so far.</summary>
    public static async Task WriteAsync(KithStore store, OrderFacts facts, ValueResult result, IProgress<int>? progress, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = tx;
            delete.CommandTimeout = 0; // a whole store's rows: no 30 s default
            delete.CommandText = "DELETE FROM customer_values";
            await delete.ExecuteNonQueryAsync(ct);
            delete.CommandText = store.Provider == StoreProvider.Sqlite
                ? $"DELETE FROM customer_value_snapshots WHERE as_of = '{result.AsOf:yyyy-MM-dd}'"
                : $"DELETE FROM customer_value_snapshots WHERE as_of = DATE '{result.AsOf:yyyy-MM-dd}'";
            await delete.ExecuteNonQueryAsync(ct);
            delete.CommandText = "DELETE FROM value_scales";
            await delete.ExecuteNonQueryAsync(ct);
        }

        await using (var scale = connection.CreateCommand())
        {
            scale.Transaction = tx;
            scale.CommandText = store.Provider == StoreProvider.Sqlite
                ? "INSERT INTO value_scales (id, as_of, scale) VALUES ($id, $asOf, $scale)"
                : "INSERT INTO value_scales (id, as_of, scale) VALUES (@id, @asOf, @scale)";
            Add(scale, "id", ValueScaleRow.Current);
            Add(scale, "asOf", store.Provider == StoreProvider.Sqlite ? result.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : result.AsOf);
            Add(scale, "scale", ValueScaleRow.Serialize(result.Scale));
            await scale.ExecuteNonQueryAsync(ct);
        }

        var done = 0;
        foreach (var table in new[] { "customer_values", "customer_value_snapshots" })
        {
            var offset = done;
            void Rows(int i) => progress?.Report(offset + i);
            if (connection is NpgsqlConnection pg)
            {
                await CopyAsync(pg, table, facts, result, Rows, ct);
            }
            else
            {
                Insert((SqliteConnection)connection, (SqliteTransaction)tx, table, facts, result, Rows, ct);
            }

            done += facts.CustomerCount;
        }

        progress?.Report(done);

        await tx.CommitAsync(ct);
    }

    private static void Add(System.Data.Common.DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction tx, string table, OrderFacts facts, ValueResult result, Action<int> rowsWritten, CancellationToken ct)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {table} ({Columns}) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10)";
        var p = Enumerable.Range(0, 11).Select(i => cmd.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        cmd.Prepare();
        p[1].Value = result.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); // EF Core's DateOnly format on SQLite
        for (var i = 0; i < facts.CustomerCount; i++)
        {
            var v = result.Values[i];
            p[0].Value = facts.CustomerIds[i];
            p[2].Value = (object?)v.RecencyDays ?? DBNull.Value;
            p[3].Value = v.Frequency;
            p[4].Value = v.Monetary;
            p[5].Value = (object?)v.RScore ?? DBNull.Value;
            p[6].Value = (object?)v.FScore ?? DBNull.Value;
            p[7].Value = (object?)v.MScore ?? DBNull.Value;
            p[8].Value = ValueNames.Of(v.Group);
            p[9].Value = ValueNames.Of(v.Lifecycle);
            p[10].Value = ValueNames.Of(v.Tier);
            cmd.ExecuteNonQuery();
            if (i % 50_000 == 0)
            {
                rowsWritten(i);
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, OrderFacts facts, ValueResult result, Action<int> rowsWritten, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        for (var i = 0; i < facts.CustomerCount; i++)
        {
            var v = result.Values[i];
            writer.StartRow();
            writer.Write(facts.CustomerIds[i], NpgsqlDbType.Bigint);
            writer.Write(result.AsOf, NpgsqlDbType.Date);
            WriteNullable(writer, v.RecencyDays, NpgsqlDbType.Integer);
            writer.Write(v.Frequency, NpgsqlDbType.Integer);
            writer.Write(v.Monetary, NpgsqlDbType.Numeric);
            WriteNullable(writer, (short?)v.RScore, NpgsqlDbType.Smallint);
            WriteNullable(writer, (short?)v.FScore, NpgsqlDbType.Smallint);
            WriteNullable(writer, (short?)v.MScore, NpgsqlDbType.Smallint);
            writer.Write(ValueNames.Of(v.Group), NpgsqlDbType.Text);
            writer.Write(ValueNames.Of(v.Lifecycle), NpgsqlDbType.Text);
            writer.Write(ValueNames.Of(v.Tier), NpgsqlDbType.Text);
            if (i % 50_000 == 0)
            {
                rowsWritten(i);
            }
        }

        await writer.CompleteAsync(ct);
    }

    private static void WriteNullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            writer.Write(v, type);
        }
        else
        {
            writer.WriteNull();
        }
    }
}
