using System.Globalization;
using CsvHelper;
using Kith.Core.Customers.Demo;
using Kith.Data.Customers;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Data.Tests.Customers;

public class DemoStoreWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_demo_store_lands_with_the_counts_the_generator_reports(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        var demo = new DemoStore(400, 3, DemoStore.DefaultAsOf);

        var totals = await DemoStoreWriter.ToStoreAsync(demo, store, TimeProvider.System, events: true, null, Ct);

        await using var db = store.CreateContext();
        Assert.Equal(totals.Customers, await db.Customers.CountAsync(Ct));
        Assert.Equal(totals.Products, await db.Products.CountAsync(Ct));
        Assert.Equal(totals.Orders, await db.Orders.LongCountAsync(Ct));
        Assert.Equal(totals.OrderLines, await db.OrderLines.LongCountAsync(Ct));
        Assert.Equal(totals.Events, await db.Events.LongCountAsync(Ct));
        Assert.True(totals.Orders > 1000);
    }

    [Fact]
    public async Task An_export_has_the_documented_headers_and_imports_back_to_the_same_store()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kith-tests", Guid.NewGuid().ToString("N"));
        var demo = new DemoStore(300, 5, DemoStore.DefaultAsOf);
        var totals = await DemoStoreWriter.ToCsvAsync(demo, dir, events: true, null, Ct);
        var store = await TestStores.CreateAsync(StoreProvider.Sqlite, Ct);
        var importer = new FileImporter(store, TimeProvider.System);

        Assert.Equal(KithCsvWriter.OrderHeader, Header(Path.Combine(dir, "orders.csv")));
        Assert.Equal(KithCsvWriter.CustomerHeader, Header(Path.Combine(dir, "customers.csv")));
        foreach (var kind in new[] { ImportKind.Products, ImportKind.Customers, ImportKind.Orders, ImportKind.Events })
        {
            var report = await importer.ImportAsync(new ImportOptions(Path.Combine(dir, kind.ToString().ToLowerInvariant() + ".csv"), kind), null, null, Ct);
            Assert.True(report.Committed, string.Join("; ", report.Errors));
        }

        await using var db = store.CreateContext();
        Assert.Equal(totals.Orders, await db.Orders.LongCountAsync(Ct));
        Assert.Equal(totals.OrderLines, await db.OrderLines.LongCountAsync(Ct));
        Assert.Equal(totals.Events, await db.Events.LongCountAsync(Ct));
        var refunds = await db.Orders.Where(o => o.RefundedAmount > 0).Select(o => o.RefundedAmount).ToListAsync(Ct);
        Assert.NotEmpty(refunds);
    }

    private static string[] Header(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        return csv.HeaderRecord!;
    }
}
