using Xunit;

namespace Kith.Cli.Tests;

public class CommandLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Help_lists_the_commands()
    {
        var result = await KithProcess.RunAsync(Ct, "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "serve", "import", "stats", "demo", "apikey" })
        {
            Assert.Contains(command, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_import_format_is_a_usage_error()
    {
        var result = await KithProcess.RunAsync(Ct, "import", "orders", "x.csv", "--format", "excel");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("excel", result.Error + result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apikey_create_prints_a_key_once_and_revoke_stops_it()
    {
        var db = Path.Combine(Path.GetTempPath(), "kith-tests", Guid.NewGuid().ToString("N"), "kith.db");

        var created = await KithProcess.RunAsync(Ct, "apikey", "create", "--name", "checkout", "--db", db);
        var listed = await KithProcess.RunAsync(Ct, "apikey", "list", "--db", db);
        var revoked = await KithProcess.RunAsync(Ct, "apikey", "revoke", "checkout", "--db", db);
        var again = await KithProcess.RunAsync(Ct, "apikey", "revoke", "checkout", "--db", db);

        var key = created.Output.Trim();
        Assert.StartsWith("kith_", key, StringComparison.Ordinal);
        Assert.Contains("not shown again", created.Error, StringComparison.Ordinal);
        Assert.Contains("checkout", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed.Output, StringComparison.Ordinal);
        Assert.Equal((0, 1), (revoked.ExitCode, again.ExitCode));
    }

    [Fact]
    public async Task The_demo_store_is_the_same_for_a_seed_in_every_process()
    {
        var (a, b) = (Path.Combine(Path.GetTempPath(), "kith-tests", Guid.NewGuid().ToString("N")), Path.Combine(Path.GetTempPath(), "kith-tests", Guid.NewGuid().ToString("N")));

        (await KithProcess.RunAsync(Ct, "demo", "--customers", "300", "--seed", "9", "--export", a)).EnsureSuccess();
        (await KithProcess.RunAsync(Ct, "demo", "--customers", "300", "--seed", "9", "--export", b)).EnsureSuccess();

        foreach (var file in new[] { "customers.csv", "products.csv", "orders.csv", "events.csv" })
        {
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(a, file), Ct), await File.ReadAllTextAsync(Path.Combine(b, file), Ct));
        }
    }

    [Fact]
    public async Task The_demo_store_has_10000_customers_by_default_and_refuses_a_count_out_of_range()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kith-tests", Guid.NewGuid().ToString("N"));

        (await KithProcess.RunAsync(Ct, "demo", "--no-events", "--export", dir)).EnsureSuccess();
        var bad = await KithProcess.RunAsync(Ct, "demo", "--customers", "0", "--export", dir);

        Assert.Equal(1 + 10_000, File.ReadLines(Path.Combine(dir, "customers.csv")).Count());
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--customers must be between 1 and 20,000,000", bad.Error);
    }
}
