using System.Data.Common;
using System.Globalization;
using System.Text;
using Kith.Core.Clv;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Clv;

/// <summary>
/// The stored predictions (<c>customer_predictions</c>) summed up for the console's CLV overview: which run they come
/// from, CLV in total, as a histogram over <see cref="ClvBands"/>, by value tier, and customers per churn band —
/// aggregated in the database, so the page stays quick on millions of customers. <see cref="AsOf"/> is null when
/// <c>kith clv score</c> has not run.
/// </summary>
public sealed record ClvOverview(
    DateOnly? AsOf, string? Model, int HorizonDays, int Customers, double TotalClv, double ExpectedPurchases,
    IReadOnlyList<ClvOverview.Band> Distribution, IReadOnlyList<ClvOverview.Tier> Tiers,
    IReadOnlyList<ClvOverview.ChurnBandCount> ChurnBands, ClvOverview.ChurnModel? Churn)
{
    /// <summary>Customers whose CLV is in [<see cref="From"/>, <see cref="To"/>), and the CLV they hold.</summary>
    public sealed record Band(double From, double To, int Customers, double Clv);

    /// <summary>A value tier (<c>customer_values.tier</c>; "" for customers without a stored value): customers and their CLV.</summary>
    public sealed record Tier(string Name, int Customers, double Clv)
    {
        public double MeanClv => Customers == 0 ? 0 : Clv / Customers;
    }

    /// <summary>Customers in a churn band; <see cref="Name"/> null for rows without a churn score (<c>kith churn score</c> not run since <c>kith clv score</c>).</summary>
    public sealed record ChurnBandCount(string? Name, int Customers);

    /// <summary>The churn model the risks come from (<c>churn_models</c>).</summary>
    public sealed record ChurnModel(DateTimeOffset TrainedAt, DateOnly TrainCutoff, int HorizonDays, double Auc);

    public double MeanClv => Customers == 0 ? 0 : TotalClv / Customers;

    // CLV is numeric(18,4), which SQLite keeps as text: sums and comparisons go through a double (SQLite reads
    // DOUBLE PRECISION as REAL); the page shows rounded figures.
    private const string ClvValue = "CAST(p.clv AS DOUBLE PRECISION)";

    public static async Task<ClvOverview> LoadAsync(KithStore store, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var sqlite = store.Provider == StoreProvider.Sqlite;
        DateOnly? asOf = null;
        string? model = null;
        int horizon = 0;
        await using (var cmd = Command(connection, "SELECT p.as_of, p.model, p.horizon_days FROM customer_predictions p ORDER BY p.as_of DESC LIMIT 1"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                // EF keeps DateOnly as yyyy-MM-dd text on SQLite, as a date on PostgreSQL.
                asOf = sqlite ? DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture) : reader.GetFieldValue<DateOnly>(0);
                (model, horizon) = (reader.GetString(1), reader.GetInt32(2));
            }
        }

        if (asOf is null)
        {
            return new ClvOverview(null, null, 0, 0, 0, 0, [], [], [], null);
        }

        int customers;
        double total, purchases, min, max;
        await using (var cmd = Command(connection, $"SELECT COUNT(*), SUM({ClvValue}), SUM(p.expected_purchases), MIN(CASE WHEN {ClvValue} > 0 THEN {ClvValue} END), MAX({ClvValue}) FROM customer_predictions p"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (customers, total, purchases, min, max) = (Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetDouble(1), reader.GetDouble(2), reader.IsDBNull(3) ? 0 : reader.GetDouble(3), reader.GetDouble(4));
        }

        // Bands start at the smallest positive CLV: a few customers whose CLV rounds to 0 share the band below it
        // rather than stretching the bands down to tiny amounts.
        var distribution = await DistributionAsync(connection, min, max, ct);
        var tiers = new List<Tier>();
        await using (var cmd = Command(connection, $"""
            SELECT COALESCE(v.tier, ''), COUNT(*), SUM({ClvValue})
            FROM customer_predictions p LEFT JOIN customer_values v ON v.customer_id = p.customer_id
            GROUP BY COALESCE(v.tier, '')
            """))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tiers.Add(new Tier(reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetDouble(2)));
            }
        }

        var bands = new List<ChurnBandCount>();
        await using (var cmd = Command(connection, "SELECT p.churn_band, COUNT(*) FROM customer_predictions p GROUP BY p.churn_band"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                bands.Add(new ChurnBandCount(reader.IsDBNull(0) ? null : reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture)));
            }
        }

        await using var db = store.CreateContext(connection);
        var churn = await db.ChurnModels.AsNoTracking().Select(m => new ChurnModel(m.TrainedAt, m.TrainCutoff, m.HorizonDays, m.Auc)).FirstOrDefaultAsync(ct);
        return new ClvOverview(asOf, model, horizon, customers, total, purchases, distribution, tiers, bands, churn);
    }

    /// <summary>Customers and CLV per band, counted in one pass (a CASE over the edges); empty bands are kept, so the bars line up with their amounts.</summary>
    private static async Task<List<Band>> DistributionAsync(DbConnection connection, double min, double max, CancellationToken ct)
    {
        var edges = ClvBands.Edges(min, max);
        if (edges.Count == 0)
        {
            return [new Band(0, 0, await CountAsync(connection, ct), 0)]; // every CLV is 0
        }

        // Band 0 holds what lies below the first edge (only when the values span more than ClvBands.MaxBands bands).
        var sql = new StringBuilder("SELECT CASE");
        for (var i = 0; i < edges.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {ClvValue} < {edges[i].ToString("R", CultureInfo.InvariantCulture)} THEN {i}");
        }

        sql.Append(CultureInfo.InvariantCulture, $" ELSE {edges.Count - 1} END AS band, COUNT(*), SUM({ClvValue}) FROM customer_predictions p GROUP BY band");
        var counts = new (int Customers, double Clv)[edges.Count];
        await using (var cmd = Command(connection, sql.ToString()))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                counts[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = (Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetDouble(2));
            }
        }

        var bands = new List<Band>();
        if (counts[0].Customers > 0)
        {
            bands.Add(new Band(0, edges[0], counts[0].Customers, counts[0].Clv));
        }

        for (var i = 1; i < edges.Count; i++)
        {
            bands.Add(new Band(edges[i - 1], edges[i], counts[i].Customers, counts[i].Clv));
        }

        return bands;
    }

    private static async Task<int> CountAsync(DbConnection connection, CancellationToken ct)
    {
        await using var cmd = Command(connection, "SELECT COUNT(*) FROM customer_predictions");
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static DbCommand Command(DbConnection connection, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd;
    }
}
