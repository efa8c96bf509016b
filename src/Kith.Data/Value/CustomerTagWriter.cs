using Kith.Core;
using Kith.Core.Value;
using Kith.Data.Store;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kith.Data.Value;

/// <summary>Replaces every computed tag with a fresh set in one transaction; manual tags stay, and win over a computed tag of the same name.</summary>
public static class CustomerTagWriter
{
    /// <summary>The tags a customer's preferences give: top categories and brands, price band, promotion sensitivity, preferred channel, lifecycle stage per category.</summary>
    public static IEnumerable<string> TagsOf(CustomerPreferences p)
    {
        foreach (var c in p.TopCategories)
        {
            yield return "category:" + c;
        }

        foreach (var b in p.TopBrands)
        {
            yield return "brand:" + b;
        }

        if (p.PriceBand is { } band)
        {
            yield return "price:" + band;
        }

        if (p.PromotionSensitivity is { } promotion)
        {
            yield return "promotion:" + promotion;
        }

        if (p.PreferredChannel is { } channel)
        {
            yield return "channel:" + channel;
        }

        foreach (var (category, stage) in p.CategoryStages.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            yield return $"stage:{category}:{ValueNames.Of(stage)}";
        }
    }

    public static async Task<int> ReplaceComputedAsync(KithStore store, PreferenceLoader.Result tags, TimeProvider time, CancellationToken ct)
    {
        var now = Timestamps.Normalize(time.GetUtcNow());
        var rows = tags.Tags.SelectMany((t, i) => TagsOf(t).Select(tag => (Customer: tags.CustomerIds[i], Tag: Trim(tag)))).ToList();
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = tx;
            delete.CommandTimeout = 0; // millions of rows on a big store: the default 30 s is not a sign of trouble here
            delete.CommandText = $"DELETE FROM customer_tags WHERE source = '{CustomerTag.Computed}'";
            await delete.ExecuteNonQueryAsync(ct);
        }

        if (connection is NpgsqlConnection pg)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO customer_tags (customer_id, tag, source, created_at) SELECT c, t, $3, $4 FROM unnest($1::bigint[], $2::text[]) AS x(c, t) " +
                "ON CONFLICT (customer_id, tag) DO NOTHING", pg, (NpgsqlTransaction)tx) { CommandTimeout = 0 };
            insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. rows.Select(r => r.Customer)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Tag)] });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CustomerTag.Computed });
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await insert.ExecuteNonQueryAsync(ct);
        }
        else
        {
            await using var insert = ((SqliteConnection)connection).CreateCommand();
            insert.Transaction = (SqliteTransaction)tx;
            insert.CommandText = "INSERT OR IGNORE INTO customer_tags (customer_id, tag, source, created_at) VALUES ($c, $t, $s, $at)";
            var (c, t) = (insert.Parameters.Add("$c", SqliteType.Integer), insert.Parameters.Add("$t", SqliteType.Text));
            insert.Parameters.AddWithValue("$s", CustomerTag.Computed);
            insert.Parameters.AddWithValue("$at", Timestamps.ToUnixMicroseconds(now));
            insert.Prepare();
            foreach (var (customer, tag) in rows)
            {
                (c.Value, t.Value) = (customer, tag);
                insert.ExecuteNonQuery();
            }
        }

        await tx.CommitAsync(ct);
        return rows.Count;
    }

    private static string Trim(string tag) => tag.Length <= CustomerTag.MaxLength ? tag : tag[..CustomerTag.MaxLength];
}
