using System.Data.Common;
using Kith.Core;
using Kith.Core.Segments;
using Kith.Data.Store;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Kith.Data.Segments;

/// <summary>The outcome of materialising one segment.</summary>
public sealed record MaterializeResult(long SegmentId, string Name, int Members, int Entered, int Left, string? Problem);

/// <summary>
/// Brings stored membership in line with what the rules give on a <see cref="SegmentProfiles"/> snapshot: the
/// customers who entered are added, those who left are removed, and each entry and exit is recorded in
/// <c>segment_changes</c> with the time — one transaction per segment. A segment whose rule no longer parses,
/// or that tests a tag no customer has any more, is marked broken and its membership left as it was.
/// </summary>
public static class SegmentMaterializer
{
    public static async Task<List<MaterializeResult>> MaterializeAllAsync(KithStore store, SegmentProfiles profiles, DateTimeOffset now, IProgress<int>? progress, CancellationToken ct)
    {
        List<Segment> segments;
        await using (var db = store.CreateContext())
        {
            segments = [.. db.Segments.Where(s => s.Kind == Segment.Dynamic).OrderBy(s => s.Id)];
        }

        var results = new List<MaterializeResult>();
        foreach (var segment in segments)
        {
            results.Add(await MaterializeAsync(store, segment, profiles, now, ct));
            progress?.Report(results.Count);
        }

        return results;
    }

    /// <summary>Why a rule cannot be evaluated on these profiles, or null.</summary>
    public static string? ProblemOf(SegmentRule rule, SegmentProfiles profiles)
    {
        var missing = MissingTags(rule, profiles);
        return missing.Count == 0 ? null : $"no customer has the tag {string.Join(", ", missing.Select(t => $"\"{t}\""))} any more";
    }

    /// <summary>The rule's tags that no customer has.</summary>
    public static IReadOnlyList<string> MissingTags(SegmentRule rule, SegmentProfiles profiles) =>
        rule.Tags.Where(t => !profiles.Tags.ContainsKey(t)).ToList();

    public static async Task<MaterializeResult> MaterializeAsync(KithStore store, Segment segment, SegmentProfiles profiles, DateTimeOffset now, CancellationToken ct)
    {
        string? problem;
        long[] members = [];
        try
        {
            var rule = SegmentRule.Parse(segment.Rule ?? "");
            problem = ProblemOf(rule, profiles);
            if (problem is null)
            {
                members = [.. SegmentEvaluator.Evaluate(rule, profiles).Positions().Select(i => profiles.CustomerIds[i])];
            }
        }
        catch (RuleException e)
        {
            problem = "the rule no longer parses: " + e.Message;
        }

        if (problem is not null)
        {
            await using var connection = await store.OpenConnectionAsync(ct);
            await ExecuteAsync(connection, null, "UPDATE segments SET problem = @problem WHERE id = @id", ct, ("problem", problem), ("id", segment.Id));
            return new MaterializeResult(segment.Id, segment.Name, segment.MemberCount, 0, 0, problem);
        }

        return await ReplaceMembersAsync(store, segment, members, now, ct);
    }

    /// <summary>Makes <paramref name="members"/> (customer ids, ascending) the segment's members, recording who entered and left.</summary>
    public static async Task<MaterializeResult> ReplaceMembersAsync(KithStore store, Segment segment, long[] members, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var stored = new List<long>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT customer_id FROM segment_members WHERE segment_id = @id ORDER BY customer_id";
            Add(cmd, "id", segment.Id);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                stored.Add(reader.GetInt64(0));
            }
        }

        // Both lists are ascending: one merge gives who entered and who left.
        var entered = new List<long>();
        var left = new List<long>();
        int a = 0, b = 0;
        while (a < members.Length || b < stored.Count)
        {
            if (b == stored.Count || (a < members.Length && members[a] < stored[b]))
            {
                entered.Add(members[a++]);
            }
            else if (a == members.Length || stored[b] < members[a])
            {
                left.Add(stored[b++]);
            }
            else
            {
                a++;
                b++;
            }
        }

        await using var tx = await connection.BeginTransactionAsync(ct);
        if (connection is NpgsqlConnection pg)
        {
            await using (var delete = new NpgsqlCommand("DELETE FROM segment_members WHERE segment_id = @id AND customer_id = ANY(@ids)", pg, (NpgsqlTransaction)tx))
            {
                delete.Parameters.AddWithValue("id", segment.Id);
                delete.Parameters.AddWithValue("ids", left.ToArray());
                await delete.ExecuteNonQueryAsync(ct);
            }

            await using (var copy = await pg.BeginBinaryImportAsync("COPY segment_members (segment_id, customer_id, since) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var id in entered)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(segment.Id, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                }

                await copy.CompleteAsync(ct);
            }

            await using (var copy = await pg.BeginBinaryImportAsync("COPY segment_changes (segment_id, customer_id, entered, at) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var (id, isEntry) in entered.Select(id => (id, true)).Concat(left.Select(id => (id, false))))
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(segment.Id, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(isEntry, NpgsqlDbType.Boolean, ct);
                    await copy.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                }

                await copy.CompleteAsync(ct);
            }
        }
        else
        {
            var sqlite = (SqliteConnection)connection;
            var sqliteTx = (SqliteTransaction)tx;
            var at = Timestamps.ToUnixMicroseconds(now);
            Repeat(sqlite, sqliteTx, "DELETE FROM segment_members WHERE segment_id = $s AND customer_id = $c", left, segment.Id, null, null);
            Repeat(sqlite, sqliteTx, "INSERT INTO segment_members (segment_id, customer_id, since) VALUES ($s, $c, $a)", entered, segment.Id, at, null);
            Repeat(sqlite, sqliteTx, "INSERT INTO segment_changes (segment_id, customer_id, entered, at) VALUES ($s, $c, $e, $a)", entered, segment.Id, at, true);
            Repeat(sqlite, sqliteTx, "INSERT INTO segment_changes (segment_id, customer_id, entered, at) VALUES ($s, $c, $e, $a)", left, segment.Id, at, false);
        }

        await ExecuteAsync(
            connection,
            tx,
            "UPDATE segments SET member_count = @count, materialized_at = @at, problem = NULL WHERE id = @id",
            ct,
            ("count", members.Length),
            ("at", store.Provider == StoreProvider.Sqlite ? Timestamps.ToUnixMicroseconds(now) : now.UtcDateTime),
            ("id", segment.Id));
        await tx.CommitAsync(ct);
        return new MaterializeResult(segment.Id, segment.Name, members.Length, entered.Count, left.Count, null);
    }

    private static void Repeat(SqliteConnection connection, SqliteTransaction tx, string sql, List<long> customers, long segment, long? at, bool? entered)
    {
        if (customers.Count == 0)
        {
            return;
        }

        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$s", segment);
        var c = cmd.Parameters.Add(new SqliteParameter("$c", 0L));
        if (at is { } a)
        {
            cmd.Parameters.AddWithValue("$a", a);
        }

        if (entered is { } e)
        {
            cmd.Parameters.AddWithValue("$e", e);
        }

        cmd.Prepare();
        foreach (var id in customers)
        {
            c.Value = id;
            cmd.ExecuteNonQuery();
        }
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Add(cmd, name, value);
        }

        await cmd.ExecuteNonQueryAsync(ct);
    }
}
