using Kith.Core;
using Kith.Core.Value;
using Kith.Data.Store;
using Kith.Data.Value;
using Npgsql;

namespace Kith.Data.Churn;

/// <summary>Counts each customer's events in the 30 days up to and including a cut-off day (in the store's time zone).</summary>
public static class ChurnEventCounter
{
    /// <summary>Per customer index of <paramref name="facts"/>, the events on days cutoff−29 .. cutoff; null when the store has no events.</summary>
    public static async Task<int[]?> CountAsync(KithStore store, OrderFacts facts, TimeZoneInfo zone, DateOnly cutoff, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(facts);
        await using var connection = await store.OpenConnectionAsync(ct);
        await using (var any = connection.CreateCommand())
        {
            any.CommandText = "SELECT EXISTS (SELECT 1 FROM events)";
            if (!Convert.ToBoolean(await any.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture))
            {
                return null;
            }
        }

        var from = StartOf(cutoff.AddDays(-29), zone);
        var to = StartOf(cutoff.AddDays(1), zone);
        var index = new Dictionary<long, int>(facts.CustomerCount);
        for (var c = 0; c < facts.CustomerCount; c++)
        {
            index[facts.CustomerIds[c]] = c;
        }

        var counts = new int[facts.CustomerCount];
        await using var cmd = connection.CreateCommand();
        cmd.CommandTimeout = 0;
        cmd.CommandText = "SELECT customer_id, COUNT(*) FROM events WHERE occurred_at >= @from AND occurred_at < @to GROUP BY customer_id";
        if (connection is NpgsqlConnection)
        {
            cmd.Parameters.Add(new NpgsqlParameter("from", from));
            cmd.Parameters.Add(new NpgsqlParameter("to", to));
        }
        else
        {
            cmd.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("@from", Timestamps.ToUnixMicroseconds(from)));
            cmd.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("@to", Timestamps.ToUnixMicroseconds(to)));
        }

        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (index.TryGetValue(reader.GetInt64(0), out var c))
            {
                counts[c] = (int)reader.GetInt64(1);
            }
        }

        return counts;
    }

    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
