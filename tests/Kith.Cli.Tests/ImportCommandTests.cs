using System.Diagnostics;
using System.Text.Json.Nodes;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Xunit;

namespace Kith.Cli.Tests;

public class ImportCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> StatsAsync(string db)
    {
        var stats = await KithProcess.RunAsync(Ct, "stats", "--json", "--db", db);
        Assert.Equal(0, stats.ExitCode);
        return JsonNode.Parse(stats.Output)!;
    }

    [Fact]
    public async Task Importing_cdnow_master_twice_gives_23570_customers_and_69659_orders()
    {
        var db = (await TestStores.CreateLocationAsync(StoreProvider.Sqlite, Ct)).ConnectionString.Split('=', ';')[1];

        var first = await KithProcess.RunAsync(Ct, "import", "orders", TestFiles.CdnowMaster, "--format", "cdnow", "--db", db);
        var second = await KithProcess.RunAsync(Ct, "import", "orders", TestFiles.CdnowMaster, "--format", "cdnow", "--db", db);
        var stats = await StatsAsync(db);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(23_570, (int)stats["customers"]!);
        Assert.Equal(69_659, (int)stats["orders"]!);
        Assert.Equal(0, (int)stats["events"]!);
    }

    [Fact]
    public async Task A_bad_row_aborts_with_file_line_column_and_writes_the_error_report()
    {
        var db = Path.Combine(Path.GetTempPath(), "kith-tests", Guid.NewGuid().ToString("N"), "kith.db");
        var file = TestFiles.Write("customers.csv", "external_id,birthday\nc1,1990-01-01\nc2,01/02/1990\n");
        var errors = Path.Combine(Path.GetDirectoryName(file)!, "errors.csv");

        var result = await KithProcess.RunAsync(Ct, "import", "customers", file, "--errors", errors, "--db", db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("customers.csv:3:birthday:", result.Output, StringComparison.Ordinal);
        Assert.Contains("store is unchanged", result.Output, StringComparison.Ordinal);
        Assert.Equal(["file,line,column,reason", "customers.csv,3,birthday,'01/02/1990' is not a date (YYYY-MM-DD)"], await File.ReadAllLinesAsync(errors, Ct));
        Assert.Equal(0, (int)(await StatsAsync(db))["customers"]!);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_process_killed_in_the_middle_of_a_large_import_leaves_the_store_as_before(StoreProvider provider)
    {
        var location = await TestStores.CreateLocationAsync(provider, Ct);
        var db = provider == StoreProvider.Sqlite ? location.ConnectionString.Split('=', ';')[1] : location.ConnectionString;
        var dir = Path.Combine(Path.GetTempPath(), "kith-tests", Guid.NewGuid().ToString("N"));
        (await KithProcess.RunAsync(Ct, "demo", "--customers", "40000", "--no-events", "--export", dir)).EnsureSuccess();
        (await KithProcess.RunAsync(Ct, "import", "products", Path.Combine(dir, "products.csv"), "--db", db)).EnsureSuccess();
        (await KithProcess.RunAsync(Ct, "import", "customers", Path.Combine(dir, "customers.csv"), "--db", db)).EnsureSuccess();
        var before = (await StatsAsync(db)).ToJsonString();

        using var import = Process.Start(KithProcess.StartInfo("import", "orders", Path.Combine(dir, "orders.csv"), "--db", db))!;
        var sawProgress = false;
        while (await import.StandardOutput.ReadLineAsync(Ct) is { } line)
        {
            // The bar reports bytes read; by 20% several batches have been written inside the transaction.
            if (line.Contains("orders ←", StringComparison.Ordinal) && line.TrimEnd().EndsWith('%') && int.Parse(line.TrimEnd()[(line.LastIndexOf(' ') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture) >= 20)
            {
                sawProgress = true;
                break;
            }
        }

        Assert.True(sawProgress, "the import finished before it could be killed");
        Assert.False(import.HasExited);
        import.Kill(entireProcessTree: true);
        await import.WaitForExitAsync(Ct);

        Assert.Equal(before, (await StatsAsync(db)).ToJsonString());
        var after = await KithProcess.RunAsync(Ct, "import", "orders", Path.Combine(dir, "orders.csv"), "--db", db);
        Assert.Equal(0, after.ExitCode);
        Assert.True((int)(await StatsAsync(db))["orders"]! > 150_000);
    }
}
