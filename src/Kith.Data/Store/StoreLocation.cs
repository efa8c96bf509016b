using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kith.Data.Store;

/// <summary>
/// Where the store is: a file path means SQLite, a connection string with <c>Host=</c> means PostgreSQL.
/// Comes from <c>--db</c> or <c>KITH_DB</c>; the default is <c>kith.db</c> in the working directory.
/// </summary>
public sealed record StoreLocation(StoreProvider Provider, string ConnectionString)
{
    public const string DefaultPath = "kith.db";
    public const string EnvironmentVariable = "KITH_DB";

    public static StoreLocation Parse(string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? DefaultPath : value.Trim();
        if (text.Contains("Host=", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            var pg = new NpgsqlConnectionStringBuilder(ToKeyValue(text));
            return new StoreLocation(StoreProvider.Postgres, pg.ConnectionString);
        }

        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = text.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
                ? new SqliteConnectionStringBuilder(text).DataSource
                : Path.GetFullPath(text),
            Pooling = true,
            DefaultTimeout = 60,
        };
        return new StoreLocation(StoreProvider.Sqlite, sqlite.ConnectionString);
    }

    /// <summary>From <c>--db</c> if given, else <c>KITH_DB</c>, else the default.</summary>
    public static StoreLocation Resolve(string? option) =>
        Parse(option ?? Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>A description without the password, for logs and messages.</summary>
    public string Describe() => Provider == StoreProvider.Sqlite
        ? $"SQLite {new SqliteConnectionStringBuilder(ConnectionString).DataSource}"
        : $"PostgreSQL {Safe()}";

    private string Safe()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }

    /// <summary>Accepts postgres:// URLs too, as many hosting tools print them.</summary>
    private static string ToKeyValue(string text)
    {
        if (!text.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) || !text.Contains("://", StringComparison.Ordinal))
        {
            return text;
        }

        var uri = new Uri(text);
        var userInfo = uri.UserInfo.Split(':', 2);
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/'),
            Username = Uri.UnescapeDataString(userInfo[0]),
        };
        if (userInfo.Length > 1)
        {
            b.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        return b.ConnectionString;
    }
}
