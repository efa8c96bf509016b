using Kith.Core.Churn;
using Kith.Data.Store;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Kith.Data.Churn;

/// <summary>
/// Writes churn_risk and churn_band into the existing rows of <c>customer_predictions</c> in one transaction, after
/// clearing them on every row (a customer not scored this time keeps no stale risk). Bulk paths: a prepared UPDATE on
/// SQLite; binary COPY into a temporary table and one UPDATE … FROM on PostgreSQL.
/// </summary>
public static class ChurnRiskWriter
{
    /// <summary>Returns how many prediction rows got a risk (customers without a row are skipped).</summary>
    public static async Task<int> WriteAsync(KithStore store, long[] customerIds, float[] risk, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(risk);
        if (risk.Any(r => !float.IsFinite(r)))
        {
            throw new ArgumentException("a churn risk is not a finite number; nothing was written", nameof(risk));
        }

        await using var connection = await store.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var clear = connection.CreateCommand())
        {
            clear.Transaction = tx;
            clear.CommandTimeout = 0;
            clear.CommandText = "UPDATE customer_predictions SET churn_risk = NULL, churn_band = NULL";
            await clear.ExecuteNonQueryAsync(ct);
        }

        int updated;
        if (connection is NpgsqlConnection pg)
        {
            await using (var create = new NpgsqlCommand("CREATE TEMPORARY TABLE churn_scores (customer_id bigint, churn_risk double precision, churn_band text) ON COMMIT DROP", pg))
            {
                await create.ExecuteNonQueryAsync(ct);
            }

            await using (var writer = await pg.BeginBinaryImportAsync("COPY churn_scores (customer_id, churn_risk, churn_band) FROM STDIN (FORMAT BINARY)", ct))
            {
                for (var i = 0; i < customerIds.Length; i++)
                {
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(customerIds[i], NpgsqlDbType.Bigint, ct);
                    await writer.WriteAsync((double)risk[i], NpgsqlDbType.Double, ct);
                    await writer.WriteAsync(ChurnBand.Of(risk[i]), NpgsqlDbType.Text, ct);
                }

                await writer.CompleteAsync(ct);
            }

            await using var update = new NpgsqlCommand(
                "UPDATE customer_predictions p SET churn_risk = s.churn_risk, churn_band = s.churn_band FROM churn_scores s WHERE p.customer_id = s.customer_id", pg)
            { CommandTimeout = 0 };
            updated = await update.ExecuteNonQueryAsync(ct);
        }
        else
        {
            var sqlite = (SqliteConnection)connection;
            using var cmd = sqlite.CreateCommand();
            cmd.Transaction = (SqliteTransaction)tx;
            cmd.CommandText = "UPDATE customer_predictions SET churn_risk = $risk, churn_band = $band WHERE customer_id = $id";
            var (id, value, band) = (cmd.Parameters.Add(new SqliteParameter("$id", null)), cmd.Parameters.Add(new SqliteParameter("$risk", null)), cmd.Parameters.Add(new SqliteParameter("$band", null)));
            cmd.Prepare();
            updated = 0;
            for (var i = 0; i < customerIds.Length; i++)
            {
                (id.Value, value.Value, band.Value) = (customerIds[i], (double)risk[i], ChurnBand.Of(risk[i]));
                updated += cmd.ExecuteNonQuery();
                if (i % 50_000 == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }
            }
        }

        await tx.CommitAsync(ct);
        return updated;
    }
}
