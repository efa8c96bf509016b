using System.Globalization;
using Kith.Core.Clv;
using Kith.Data.Store;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Kith.Data.Clv;

/// <summary>
/// Replaces every row of <c>customer_predictions</c> in one transaction (readers see the old predictions or the new,
/// never a mix). Bulk paths: a prepared statement on SQLite, binary COPY on PostgreSQL. Churn columns start empty.
/// </summary>
public static class CustomerPredictionWriter
{
    private const string Columns = "customer_id, as_of, model, horizon_days, expected_purchases, p_alive, expected_spend, clv";

    /// <summary>Writes one row per customer; <paramref name="progress"/> gets the number of rows written so far.</summary>
    public static async Task WriteAsync(KithStore store, CustomerPredictions predictions, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        for (var i = 0; i < predictions.Count; i++)
        {
            var s = predictions.Scores[i];
            if (!(double.IsFinite(s.ExpectedPurchases) && double.IsFinite(s.ProbabilityAlive) && double.IsFinite(s.ExpectedSpend) && double.IsFinite(s.Clv)))
            {
                throw new ArgumentException($"customer {predictions.CustomerIds[i]} has a non-finite prediction ({s}); nothing was written", nameof(predictions));
            }
        }

        await using var connection = await store.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = tx;
            delete.CommandTimeout = 0; // a whole store's rows: no 30 s default
            delete.CommandText = "DELETE FROM customer_predictions";
            await delete.ExecuteNonQueryAsync(ct);
        }

        if (connection is NpgsqlConnection pg)
        {
            await CopyAsync(pg, predictions, progress, ct);
        }
        else
        {
            Insert((SqliteConnection)connection, (SqliteTransaction)tx, predictions, progress, ct);
        }

        progress?.Report(predictions.Count);
        await tx.CommitAsync(ct);
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction tx, CustomerPredictions predictions, IProgress<int>? progress, CancellationToken ct)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO customer_predictions ({Columns}) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7)";
        var p = Enumerable.Range(0, 8).Select(i => cmd.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        cmd.Prepare();
        p[1].Value = predictions.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); // EF Core's DateOnly format on SQLite
        p[2].Value = predictions.Model;
        p[3].Value = predictions.HorizonDays;
        for (var i = 0; i < predictions.Count; i++)
        {
            var s = predictions.Scores[i];
            p[0].Value = predictions.CustomerIds[i];
            p[4].Value = s.ExpectedPurchases;
            p[5].Value = s.ProbabilityAlive;
            p[6].Value = Money(s.ExpectedSpend);
            p[7].Value = Money(s.Clv);
            cmd.ExecuteNonQuery();
            if (i % 50_000 == 0)
            {
                progress?.Report(i);
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, CustomerPredictions predictions, IProgress<int>? progress, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY customer_predictions ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        for (var i = 0; i < predictions.Count; i++)
        {
            var s = predictions.Scores[i];
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(predictions.CustomerIds[i], NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(predictions.AsOf, NpgsqlDbType.Date, ct);
            await writer.WriteAsync(predictions.Model, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(predictions.HorizonDays, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(s.ExpectedPurchases, NpgsqlDbType.Double, ct);
            await writer.WriteAsync(s.ProbabilityAlive, NpgsqlDbType.Double, ct);
            await writer.WriteAsync(Money(s.ExpectedSpend), NpgsqlDbType.Numeric, ct);
            await writer.WriteAsync(Money(s.Clv), NpgsqlDbType.Numeric, ct);
            if (i % 50_000 == 0)
            {
                progress?.Report(i);
            }
        }

        await writer.CompleteAsync(ct);
    }

    /// <summary>The column is numeric(18,4): round once, here, where the amount is stored.</summary>
    private static decimal Money(double value) => Math.Round((decimal)value, 4, MidpointRounding.ToEven);
}
