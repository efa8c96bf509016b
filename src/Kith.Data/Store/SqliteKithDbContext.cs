using Kith.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Kith.Data.Store;

/// <summary>SQLite store. Instants are stored as microseconds since the Unix epoch so that SQL can compare and order them.</summary>
public sealed class SqliteKithDbContext(DbContextOptions<SqliteKithDbContext> options) : KithDbContext(options)
{
    public override StoreProvider Provider => StoreProvider.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMicrosecondsConverter>();
    }

    private sealed class UnixMicrosecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => Timestamps.ToUnixMicroseconds(v),
        v => Timestamps.FromUnixMicroseconds(v));
}
