using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Kith.Data.Store;

/// <summary>Opens contexts and raw connections on one store, and brings its schema up to date.</summary>
public sealed class KithStore(StoreLocation location)
{
    public StoreLocation Location { get; } = location;

    public StoreProvider Provider => Location.Provider;

    // Contexts come from a pool built once per store: building options and resolving EF's services for every new
    // context cost more CPU than a checkout's SQL (issue 8's profile). A pooled context is reset when disposed.
    private readonly Func<KithDbContext> _pooledContext = location.Provider == StoreProvider.Sqlite
        ? new PooledDbContextFactory<SqliteKithDbContext>(SqliteOptions(location.ConnectionString)).CreateDbContext
        : new PooledDbContextFactory<PostgresKithDbContext>(PostgresOptions(location.ConnectionString)).CreateDbContext;

    public KithDbContext CreateContext() => _pooledContext();

    /// <summary>A context on an existing connection (the bulk paths read through EF and write through ADO.NET in one transaction).</summary>
    public KithDbContext CreateContext(DbConnection connection) => Provider switch
    {
        StoreProvider.Sqlite => new SqliteKithDbContext(new DbContextOptionsBuilder<SqliteKithDbContext>()
            .UseSqlite(connection).UseSnakeCaseNamingConvention().Options),
        _ => new PostgresKithDbContext(new DbContextOptionsBuilder<PostgresKithDbContext>()
            .UseNpgsql(connection).UseSnakeCaseNamingConvention().Options),
    };

    /// <summary>An open ADO.NET connection for the bulk paths (SQLite pragmas applied).</summary>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken ct)
    {
        DbConnection connection = Provider == StoreProvider.Sqlite
            ? new SqliteConnection(Location.ConnectionString)
            : new NpgsqlConnection(Location.ConnectionString);
        await connection.OpenAsync(ct);
        if (connection is SqliteConnection sqlite)
        {
            await SqlitePragmaInterceptor.Instance.ApplyOnceAsync(sqlite, ct);
        }

        return connection;
    }

    /// <summary>Creates the database if needed and applies pending migrations.</summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        if (Provider == StoreProvider.Sqlite)
        {
            var path = new SqliteConnectionStringBuilder(Location.ConnectionString).DataSource;
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            // WAL lets readers (the console) work while an import writes; it is a property of the file.
            await using var connection = new SqliteConnection(Location.ConnectionString);
            await connection.OpenAsync(ct);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode=WAL;";
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await using var db = CreateContext();
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>True if the store answers a trivial query.</summary>
    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenConnectionAsync(ct);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT 1";
            await cmd.ExecuteScalarAsync(ct);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    internal static DbContextOptions<SqliteKithDbContext> SqliteOptions(string connectionString) =>
        new DbContextOptionsBuilder<SqliteKithDbContext>()
            .UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(KithStore).Assembly.GetName().Name))
            .AddInterceptors(SqlitePragmaInterceptor.Instance)
            .UseSnakeCaseNamingConvention()
            .Options;

    internal static DbContextOptions<PostgresKithDbContext> PostgresOptions(string connectionString) =>
        new DbContextOptionsBuilder<PostgresKithDbContext>()
            .UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(KithStore).Assembly.GetName().Name))
            .UseSnakeCaseNamingConvention()
            .Options;

    internal static async Task ApplyPragmasAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=60000; PRAGMA cache_size=-65536;";
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
