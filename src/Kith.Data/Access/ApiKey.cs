namespace Kith.Data.Access;

/// <summary>
/// An API key for store systems. Only the SHA-256 of the key is stored; <see cref="Prefix"/> (the public
/// part of the key) finds the row. Keys carry about 186 random bits, so a fast hash is enough.
/// </summary>
public sealed class ApiKey
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string KeyHash { get; set; }

    /// <summary>Comma-separated scopes: ingest, read, admin.</summary>
    public required string Scopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
