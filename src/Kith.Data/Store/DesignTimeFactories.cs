using Microsoft.EntityFrameworkCore.Design;

namespace Kith.Data.Store;

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's model without a running store.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKithDbContext>
{
    public SqliteKithDbContext CreateDbContext(string[] args) =>
        new(KithStore.SqliteOptions("Data Source=design-time.db"));
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKithDbContext>
{
    public PostgresKithDbContext CreateDbContext(string[] args) =>
        new(KithStore.PostgresOptions("Host=localhost;Database=kith_design"));
}
