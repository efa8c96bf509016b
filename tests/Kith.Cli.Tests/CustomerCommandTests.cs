using System.Diagnostics;
using System.Text.Json.Nodes;
using Kith.Data.Audit;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Cli.Tests;

/// <summary><c>kith customer export|erase</c> run as the real binary on a SQLite store filled by <c>kith import</c>.</summary>
public class CustomerCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> StoreAsync()
    {
        var db = Path.Combine(Path.GetTempPath(), "kith-tests", Guid.NewGuid().ToString("N"), "kith.db");
        var customers = TestFiles.Write("customers.csv", """
            external_id,name,phone,email,region,consent_email
            c1,张伟,13812345678,zw@example.com,上海,true
            c2,Alice Smith,,alice@example.com,London,false
            """);
        var products = TestFiles.Write("products.csv", "sku,name,price\np1,Beans,59\n");
        var orders = TestFiles.Write("orders.csv", """
            order_id,customer_id,status,placed_at,paid_at,sku,quantity,unit_price
            o1,c1,paid,2026-10-01T10:00:00Z,2026-10-01T10:05:00Z,p1,2,59
            """);
        (await KithProcess.RunAsync(Ct, "import", "customers", customers, "--db", db)).EnsureSuccess();
        (await KithProcess.RunAsync(Ct, "import", "products", products, "--db", db)).EnsureSuccess();
        (await KithProcess.RunAsync(Ct, "import", "orders", orders, "--db", db)).EnsureSuccess();
        return db;
    }

    [Fact]
    public async Task Export_prints_the_customer_as_json_and_writes_it_to_a_file_both_audited()
    {
        var db = await StoreAsync();
        var file = Path.Combine(Path.GetDirectoryName(db)!, "c1.json");

        var printed = (await KithProcess.RunAsync(Ct, "customer", "export", "c1", "--db", db)).EnsureSuccess();
        (await KithProcess.RunAsync(Ct, "customer", "export", "c1", "--out", file, "--db", db)).EnsureSuccess();
        var unknown = await KithProcess.RunAsync(Ct, "customer", "export", "nobody", "--db", db);

        var json = JsonNode.Parse(printed.Output)!;
        Assert.Equal(("张伟", "13812345678", "o1"), ((string)json["profile"]!["name"]!, (string)json["profile"]!["phone"]!, (string)json["orders"]![0]!["orderId"]!));
        Assert.Equal("张伟", (string)JsonNode.Parse(await File.ReadAllTextAsync(file, Ct))!["profile"]!["name"]!);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("'nobody'", unknown.Error, StringComparison.Ordinal);
        var lines = await new AuditLog(new KithStore(StoreLocation.Parse(db)), TimeProvider.System).SearchAsync(new AuditLog.Query(Action: AuditActions.CustomerExported), Ct);
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(($"cli:{Environment.UserName}", "customer:c1"), (l.Actor, l.Target)));
    }

    [Fact]
    public async Task Erase_without_yes_off_a_terminal_refuses_with_exit_2_and_erases_nothing()
    {
        var db = await StoreAsync();
        var info = KithProcess.StartInfo("customer", "erase", "c1", "--db", db);
        info.RedirectStandardInput = true;

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--yes", error, StringComparison.Ordinal);
        await using var context = new KithStore(StoreLocation.Parse(db)).CreateContext();
        Assert.Equal("张伟", (await context.Customers.SingleAsync(c => c.ExternalId == "c1", Ct)).Name);
    }

    [Fact]
    public async Task Erase_with_yes_prints_the_receipt_keeps_the_order_and_is_audited()
    {
        var db = await StoreAsync();

        var erased = (await KithProcess.RunAsync(Ct, "customer", "erase", "c1", "--yes", "--db", db)).EnsureSuccess();
        var again = (await KithProcess.RunAsync(Ct, "customer", "erase", "c1", "--yes", "--db", db)).EnsureSuccess();
        var export = (await KithProcess.RunAsync(Ct, "customer", "export", "c1", "--db", db)).EnsureSuccess();

        Assert.Contains("receipt:", erased.Output, StringComparison.Ordinal);
        Assert.Contains("orders kept:     1", erased.Output, StringComparison.Ordinal);
        Assert.Contains("already erased", again.Output, StringComparison.Ordinal);
        foreach (var personal in new[] { "张伟", "13812345678", "zw@example.com", "上海" })
        {
            Assert.DoesNotContain(personal, export.Output, StringComparison.Ordinal);
        }

        Assert.Equal("o1", (string)JsonNode.Parse(export.Output)!["orders"]![0]!["orderId"]!);
        var line = Assert.Single(await new AuditLog(new KithStore(StoreLocation.Parse(db)), TimeProvider.System).SearchAsync(new AuditLog.Query(Action: AuditActions.CustomerErased), Ct));
        Assert.Equal(($"cli:{Environment.UserName}", "customer:c1"), (line.Actor, line.Target));
    }
}
