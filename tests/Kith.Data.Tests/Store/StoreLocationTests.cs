using Kith.Data.Store;
using Xunit;

namespace Kith.Data.Tests.Store;

public class StoreLocationTests
{
    [Fact]
    public void Parse_reads_a_file_path_as_SQLite()
    {
        var location = StoreLocation.Parse("data/shop.db");

        Assert.Equal(StoreProvider.Sqlite, location.Provider);
        Assert.Contains(Path.GetFullPath("data/shop.db"), location.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_defaults_to_kith_db_in_the_working_directory()
    {
        var location = StoreLocation.Parse(null);

        Assert.Equal(StoreProvider.Sqlite, location.Provider);
        Assert.Contains(Path.GetFullPath("kith.db"), location.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_reads_a_Host_connection_string_as_PostgreSQL()
    {
        var location = StoreLocation.Parse("Host=db.internal;Port=5433;Database=kith;Username=kith;Password=s3cret");

        Assert.Equal(StoreProvider.Postgres, location.Provider);
        Assert.Equal("PostgreSQL db.internal:5433/kith", location.Describe());
    }

    [Fact]
    public void Parse_accepts_a_postgres_url_and_never_describes_the_password()
    {
        var location = StoreLocation.Parse("postgres://kith:p%40ss@127.0.0.1:6543/shop");

        Assert.Equal(StoreProvider.Postgres, location.Provider);
        Assert.Contains("Password=p@ss", location.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss", location.Describe(), StringComparison.Ordinal);
    }
}
