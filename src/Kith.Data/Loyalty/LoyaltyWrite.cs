using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kith.Core;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kith.Data.Loyalty;

/// <summary>What a loyalty write returns: its answer, and whether it took effect (a refusal is rolled back).</summary>
public interface ILoyaltyResult
{
    bool Ok { get; }
}

/// <summary>
/// Runs one loyalty write (a reservation, an earn, a mall order) as one transaction, at most once per idempotency
/// key. The key is claimed by inserting it in the same transaction as the effect, so a replay, even one racing the
/// first request, waits for it and then gets the stored answer. A refusal rolls the effect back but its answer is
/// stored too, so a replay gets the same refusal rather than a second try.
/// On SQLite the transaction starts with BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default), and writers in this
/// process queue on a gate rather than in SQLite's sleeping busy handler.
/// </summary>
public static class LoyaltyWrite
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteGates = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<T> RunAsync<T>(
        KithStore store, string scope, string? idempotencyKey, object request, TimeProvider time,
        Func<KithDbContext, Task<T>> body, CancellationToken ct)
        where T : ILoyaltyResult
    {
        var hash = idempotencyKey is null ? "" : RequestHash(request);
        var gate = store.Provider == StoreProvider.Sqlite ? SqliteGates.GetOrAdd(store.Location.ConnectionString, _ => new SemaphoreSlim(1, 1)) : null;
        for (var attempt = 0; ; attempt++)
        {
            T result;
            var replay = false;
            var retry = false;

            // The context (and its pooled connection) is disposed before a replay or a refusal is stored with a second
            // one, so that one write never holds two connections: racing writers cannot starve the pool.
            await using (var db = store.CreateContext())
            {
                // The connection is opened before the gate: only the transaction itself waits its turn.
                await db.Database.OpenConnectionAsync(ct);
                if (gate is not null)
                {
                    await gate.WaitAsync(ct);
                }

                try
                {
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    if (idempotencyKey is not null && !await ClaimAsync(db, scope, idempotencyKey, hash, time, ct))
                    {
                        await tx.RollbackAsync(ct);
                        replay = true;
                        result = default!;
                    }
                    else
                    {
                        try
                        {
                            result = await body(db);
                        }
                        catch (DbUpdateException) when (attempt < 2 && store.Provider == StoreProvider.Postgres)
                        {
                            // A racing transaction won a unique insert this one also made (e.g. the first row of a
                            // counter); its effect is committed now, so a fresh attempt sees it.
                            await tx.RollbackAsync(ct);
                            retry = true;
                            result = default!;
                        }

                        if (!retry && result.Ok)
                        {
                            await StoreAnswerAsync(db, scope, idempotencyKey, result, ct);
                            await tx.CommitAsync(ct);
                            return result;
                        }

                        if (!retry)
                        {
                            await tx.RollbackAsync(ct);
                        }
                    }
                }
                finally
                {
                    gate?.Release();
                }
            }

            if (retry)
            {
                continue;
            }

            if (replay)
            {
                return await ReplayAsync<T>(store, scope, idempotencyKey!, hash, ct);
            }

            if (idempotencyKey is not null)
            {
                await StoreRefusalAsync(store, scope, idempotencyKey, hash, result, time, ct);
            }

            return result;
        }
    }

    /// <summary>SHA-256 of the request's JSON: a key reused for a different request is refused, not replayed.</summary>
    public static string RequestHash(object request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, request.GetType(), Json))));

    private static async Task<bool> ClaimAsync(KithDbContext db, string scope, string key, string hash, TimeProvider time, CancellationToken ct)
    {
        // ON CONFLICT DO NOTHING is the same on SQLite and PostgreSQL; on PostgreSQL a racing insert of the same key
        // waits here until the first transaction ends, so exactly one request runs the body.
        var now = DbTime(db, time.GetUtcNow());
        var inserted = await LoyaltySql.ExecuteAsync(db,
            "INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response, created_at) VALUES (@scope, @key, @hash, 0, '', @now) ON CONFLICT DO NOTHING",
            ct, ("scope", scope), ("key", key), ("hash", hash), ("now", now));
        return inserted == 1;
    }

    /// <summary>A timestamp as a raw SQL parameter: SQLite columns hold Unix microseconds (EF's converter does not see raw SQL).</summary>
    internal static object DbTime(KithDbContext db, DateTimeOffset value) =>
        db.Provider == StoreProvider.Sqlite ? Timestamps.ToUnixMicroseconds(value) : value;

    private static async Task StoreAnswerAsync<T>(KithDbContext db, string scope, string? key, T result, CancellationToken ct)
    {
        if (key is null)
        {
            return;
        }

        var json = JsonSerializer.Serialize(result, Json);
        // Plain ADO.NET rather than EF's raw SQL pipeline: the same statement at a fraction of the CPU per write.
        await LoyaltySql.ExecuteAsync(db, "UPDATE idempotency_keys SET response = @json, status_code = 200 WHERE scope = @scope AND key = @key",
            ct, ("json", json), ("scope", scope), ("key", key));
    }

    private static async Task StoreRefusalAsync<T>(KithStore store, string scope, string key, string hash, T result, TimeProvider time, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var now = DbTime(db, time.GetUtcNow());
        var json = JsonSerializer.Serialize(result, Json);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response, created_at) VALUES ({scope}, {key}, {hash}, {409}, {json}, {now}) ON CONFLICT DO NOTHING", ct);
    }

    private static async Task<T> ReplayAsync<T>(KithStore store, string scope, string key, string hash, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var row = await db.IdempotencyKeys.AsNoTracking().SingleAsync(k => k.Scope == scope && k.Key == key, ct);
        if (row.RequestHash != hash)
        {
            throw new IdempotencyKeyReusedException(scope, key);
        }

        return JsonSerializer.Deserialize<T>(row.Response, Json)
            ?? throw new InvalidOperationException($"Stored answer for {scope}/{key} is empty.");
    }
}

/// <summary>The same idempotency key was sent with a different request.</summary>
public sealed class IdempotencyKeyReusedException(string scope, string key)
    : Exception($"Idempotency key '{key}' was already used for a different {scope} request.")
{
    public string Key { get; } = key;
}
