using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Store;

/// <summary>PostgreSQL store: instants are <c>timestamptz</c>, amounts <c>numeric(18,4)</c>.</summary>
public sealed class PostgresKithDbContext(DbContextOptions<PostgresKithDbContext> options) : KithDbContext(options)
{
    public override StoreProvider Provider => StoreProvider.Postgres;
}
