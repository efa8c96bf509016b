using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Access;

/// <summary>
/// Creates, verifies and revokes API keys. A key is <c>kith_{prefix}_{secret}</c> with about 186 random bits;
/// the store keeps only its SHA-256, found by the public prefix and compared in constant time.
/// A verified key is remembered in memory for <see cref="VerifiedFor"/> (by the SHA-256 of the presented secret), so
/// that a busy checkout does not query the store on every request: a key revoked through this process stops at once,
/// one revoked by another process (the CLI, another server node) within <see cref="VerifiedFor"/>.
/// </summary>
public sealed class ApiKeyStore(KithStore store, TimeProvider time)
{
    /// <summary>How long a verified key is trusted without asking the store again.</summary>
    public static readonly TimeSpan VerifiedFor = TimeSpan.FromSeconds(5);

    // Shared by every ApiKeyStore of the process (keyed by store), so that a revocation through any of them is seen
    // by the server's at once. Only keys that verified are kept; the cap bounds memory whatever clients send.
    private static readonly ConcurrentDictionary<(string Store, string Hash), (ApiKey Key, DateTimeOffset Until)> Verified = new();
    private const int MaxVerified = 10_000;

    public static readonly IReadOnlyList<string> KnownScopes = Kith.Core.Access.PermissionMatrix.Scopes;

    public sealed record Created(ApiKey Key, string Secret);

    public async Task<Created> CreateAsync(string name, IReadOnlyCollection<string> scopes, CancellationToken ct)
    {
        var unknown = scopes.Except(KnownScopes, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown scope(s) {string.Join(", ", unknown)}; known: {string.Join(", ", KnownScopes)}", nameof(scopes));
        }

        var prefix = RandomToken(8);
        var secret = $"kith_{prefix}_{RandomToken(32)}";
        var key = new ApiKey
        {
            Name = name,
            Prefix = prefix,
            KeyHash = Hash(secret),
            Scopes = string.Join(',', scopes.Distinct(StringComparer.Ordinal)),
            CreatedAt = time.GetUtcNow(),
        };
        await using var db = store.CreateContext();
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new Created(key, secret);
    }

    /// <summary>The live key matching the presented secret, or null (unknown, wrong or revoked).</summary>
    public async Task<ApiKey?> VerifyAsync(string presented, CancellationToken ct)
    {
        var parts = presented.Split('_');
        if (parts.Length != 3 || parts[0] != "kith" || parts[1].Length != 8)
        {
            return null;
        }

        var hash = Hash(presented);
        var now = time.GetUtcNow();
        if (Verified.TryGetValue((store.Location.ConnectionString, hash), out var known) && now < known.Until)
        {
            return known.Key;
        }

        await using var db = store.CreateContext();
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == parts[1], ct);
        if (key is null || key.RevokedAt is not null)
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(key.KeyHash);
        var actual = Encoding.ASCII.GetBytes(hash);
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return null;
        }

        if (Verified.Count >= MaxVerified)
        {
            Verified.Clear();
        }

        Verified[(store.Location.ConnectionString, hash)] = (key, now + VerifiedFor);
        return key;
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct);
    }

    /// <summary>Revokes the live keys with this name or prefix; returns how many.</summary>
    public async Task<int> RevokeAsync(string nameOrPrefix, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var keys = await db.ApiKeys.Where(k => (k.Name == nameOrPrefix || k.Prefix == nameOrPrefix) && k.RevokedAt == null).ToListAsync(ct);
        foreach (var key in keys)
        {
            key.RevokedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(ct);
        // Forget this store's verified keys: a revocation through this process takes effect at once.
        foreach (var entry in Verified.Keys.Where(k => k.Store == store.Location.ConnectionString))
        {
            Verified.TryRemove(entry, out _);
        }

        return keys.Count;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string RandomToken(int length) =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", length);
}
