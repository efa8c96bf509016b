using Kith.Data.Store;
using Npgsql;
using Xunit;

namespace Kith.Tests.Shared;

/// <summary>
/// Fresh, migrated stores for tests: a SQLite file in a temp folder, or a new database on the throwaway
/// PostgreSQL cluster that scripts/test.sh starts (its connection string is in KITH_TEST_PG).
/// Without KITH_TEST_PG a PostgreSQL test is skipped locally and fails under CI.
/// </summary>
public static class TestStores
{
    public static TheoryData<StoreProvider> Providers => new() { StoreProvider.Sqlite, StoreProvider.Postgres };

    public static string? PostgresServer => Environment.GetEnvironmentVariable("KITH_TEST_PG");

    public static async Task<KithStore> CreateAsync(StoreProvider provider, CancellationToken ct = default)
    {
        var location = await CreateLocationAsync(provider, ct);
        var store = new KithStore(location);
        await store.MigrateAsync(ct);
        return store;
    }

    /// <summary>An empty, unmigrated store location of the given kind.</summary>
    public static async Task<StoreLocation> CreateLocationAsync(StoreProvider provider, CancellationToken ct = default)
    {
        if (provider == StoreProvider.Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), "kith-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return StoreLocation.Parse(Path.Combine(dir, "kith.db"));
        }

        var server = PostgresServer;
        if (string.IsNullOrEmpty(server))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException("KITH_TEST_PG is not set: run the tests through scripts/test.sh");
            }

            Assert.Skip("PostgreSQL tests need KITH_TEST_PG (scripts/test.sh starts a cluster and sets it)");
        }

        var name = "kith_t_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return StoreLocation.Parse(builder.ConnectionString);
    }
}
