using Kith.Core.Orders;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kith.Data.Tests.Ingestion;

public class FileImporterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<ImportReport> ImportAsync(KithStore store, string path, ImportKind kind, ImportFormat? format = null, bool skipInvalid = false) =>
        new FileImporter(store, _time).ImportAsync(new ImportOptions(path, kind) { Format = format, SkipInvalid = skipInvalid }, null, null, Ct);

    private static async Task<(int Customers, int Products, int Orders, int Lines, int Events)> CountsAsync(KithStore store)
    {
        await using var db = store.CreateContext();
        return (await db.Customers.CountAsync(Ct), await db.Products.CountAsync(Ct), await db.Orders.CountAsync(Ct),
            await db.OrderLines.CountAsync(Ct), await db.Events.CountAsync(Ct));
    }

    private const string Customers = """
        external_id,name,phone,email,gender,birthday,country,region,registered_at,consent_email,consent_sms,attributes
        c1,张伟,13812345678,zw@example.com,male,1990-05-01,CN,上海,2025-01-01T08:00:00+08:00,true,false,"{""vip"":true}"
        c2,Alice Smith,,alice@example.com,female,,GB,London,2025-02-01T10:00:00Z,1,0,
        """;

    private const string Products = """
        sku,name,category_path,brand,price,in_stock
        p1,Coffee beans 咖啡豆,Food > Coffee,Aroma,59.00,true
        p2,Mug,Home > Kitchen,Clay,19.50,true
        """;

    private const string Orders = """
        order_id,customer_id,status,placed_at,paid_at,discount,shipping_fee,coupon_code,channel,sku,quantity,unit_price,line_discount
        o1,c1,paid,2026-10-01T10:00:00+08:00,2026-10-01T10:05:00+08:00,10,6,SAVE10,tmall,p1,2,59.00,0
        o1,c1,paid,2026-10-01T10:00:00+08:00,2026-10-01T10:05:00+08:00,10,6,SAVE10,tmall,p2,1,19.50,
        o2,c2,created,2026-10-02T09:00:00Z,,,,,web,p2,3,19.50,
        """;

    private const string Events = """
        event_id,type,occurred_at,customer_id,sku,order_id,properties
        e1,view_product,2026-10-01T09:50:00+08:00,c1,p1,,
        e2,search,2026-10-01T09:49:00+08:00,c1,,,"{""q"":""咖啡""}"
        e3,add_to_cart,2026-10-01T09:55:00+08:00,c1,p1,o1,
        """;

    private async Task<KithStore> SeededAsync(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        Assert.True((await ImportAsync(store, TestFiles.Write("customers.csv", Customers), ImportKind.Customers)).Committed);
        Assert.True((await ImportAsync(store, TestFiles.Write("products.csv", Products), ImportKind.Products)).Committed);
        return store;
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Cdnow_master_gives_23570_customers_and_69659_orders_and_a_second_import_changes_nothing(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);

        var first = await ImportAsync(store, TestFiles.CdnowMaster, ImportKind.Orders, ImportFormat.Cdnow);
        var afterFirst = await CountsAsync(store);
        var second = await ImportAsync(store, TestFiles.CdnowMaster, ImportKind.Orders, ImportFormat.Cdnow);

        Assert.True(first.Committed);
        Assert.Equal((23_570, 0, 69_659, 0, 0), afterFirst);
        Assert.Equal(afterFirst, await CountsAsync(store));
        Assert.Equal((0, 0), (second.Orders.Inserted, second.Orders.Updated));
        Assert.Equal((0, 0), (second.Customers.Inserted, second.Customers.Updated));
        await using var db = store.CreateContext();
        // Independent figure from the dataset README: total value $2,500,315.63.
        var totals = await db.Orders.Select(o => o.Total).ToListAsync(Ct);
        Assert.Equal(2_500_315.63m, totals.Sum());
    }

    [Fact]
    public async Task Cdnow_sample_uses_master_ids_so_it_matches_the_master_import()
    {
        var store = await TestStores.CreateAsync(StoreProvider.Sqlite, Ct);
        await ImportAsync(store, TestFiles.CdnowMaster, ImportKind.Orders, ImportFormat.Cdnow);

        var sample = await ImportAsync(store, TestFiles.CdnowSample, ImportKind.Orders, ImportFormat.CdnowSample);

        Assert.True(sample.Committed);
        Assert.Equal(6_919, sample.Orders.Unchanged);
        Assert.Equal(0, sample.Orders.Inserted);
    }

    [Theory]
    [InlineData("CDNOW_sample.txt", ImportFormat.Cdnow, "use --format cdnow-sample")]
    [InlineData("CDNOW_master.txt", ImportFormat.CdnowSample, "use --format cdnow")]
    public async Task The_wrong_cdnow_flavour_is_refused_with_the_format_to_use(string file, ImportFormat format, string hint)
    {
        var store = await TestStores.CreateAsync(StoreProvider.Sqlite, Ct);

        var report = await ImportAsync(store, TestFiles.Dataset("cdnow", file), ImportKind.Orders, format);

        Assert.False(report.Committed);
        Assert.InRange(report.Errors[0].Line, 1, 2); // the first data line (the master file has a header)
        Assert.EndsWith(hint, report.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0, 0), await CountsAsync(store));
    }

    [Fact]
    public async Task Online_retail_imports_with_a_cleanup_summary_that_matches_the_dataset()
    {
        var store = await TestStores.CreateAsync(StoreProvider.Sqlite, Ct);
        var expected = OnlineRetailFacts.Compute(TestFiles.OnlineRetail);

        var report = await ImportAsync(store, TestFiles.OnlineRetail, ImportKind.Orders, ImportFormat.OnlineRetail);

        Assert.True(report.Committed);
        var cleanup = report.Cleanup!;
        // Published in the dataset README.
        Assert.Equal((541_909L, 25_900L, 4_372L), (cleanup.RowsRead, cleanup.DistinctOrders, cleanup.DistinctCustomers));
        // Computed independently by a plain pass over the file.
        Assert.Equal(expected.RowsWithoutCustomer - expected.AdjustmentRows, cleanup.Lines.Single(l => l.Reason == OnlineRetailReader.NoCustomer).Rows);
        Assert.Equal(expected.AdjustmentRows, cleanup.Lines.Single(l => l.Reason == OnlineRetailReader.Adjustment).Rows);
        var counts = await CountsAsync(store);
        Assert.Equal(4_372, counts.Customers);
        Assert.Equal(expected.KeptInvoices, counts.Orders);
        Assert.Equal(expected.KeptRows, counts.Lines);
        Assert.Equal(541_909 - cleanup.Lines.Sum(l => l.Rows), counts.Lines);
        await using var db = store.CreateContext();
        Assert.Equal(expected.ReturnInvoices, await db.Orders.CountAsync(o => o.Status == OrderStatus.Refunded, Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Kith_csv_round_trip_stores_every_kind_and_a_second_import_changes_nothing(StoreProvider provider)
    {
        var store = await SeededAsync(provider);
        var orders = TestFiles.Write("orders.csv", Orders);
        var events = TestFiles.Write("events.csv", Events);

        Assert.True((await ImportAsync(store, orders, ImportKind.Orders)).Committed);
        Assert.True((await ImportAsync(store, events, ImportKind.Events)).Committed);
        var before = await CountsAsync(store);
        var again = await ImportAsync(store, orders, ImportKind.Orders);
        await ImportAsync(store, events, ImportKind.Events);

        Assert.Equal((2, 2, 2, 3, 3), before);
        Assert.Equal(before, await CountsAsync(store));
        Assert.Equal(2, again.Orders.Unchanged);
        await using var db = store.CreateContext();
        var o1 = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.ExternalId == "o1", Ct);
        Assert.Equal((2 * 59m) + 19.5m - 10m + 6m, o1.Total);
        Assert.Equal(OrderStatus.Paid, o1.Status);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 2, 5, 0, TimeSpan.Zero), o1.PaidAt);
        var c1 = await db.Customers.SingleAsync(c => c.ExternalId == "c1", Ct);
        Assert.Equal(("张伟", new DateOnly(1990, 5, 1), true, false), (c1.Name, c1.Birthday!.Value, c1.ConsentEmail, c1.ConsentSms));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Json_lines_import_orders_with_lines(StoreProvider provider)
    {
        var store = await SeededAsync(provider);
        var file = TestFiles.Write("orders.jsonl", """
            {"externalId":"j1","customerId":"c1","status":"partially_refunded","placedAt":"2026-10-01T10:00:00+08:00","refundedAmount":19.5,"lines":[{"sku":"p1","quantity":1,"unitPrice":59},{"sku":"p2","quantity":1,"unitPrice":19.5}]}

            {"externalId":"j2","customerId":"c2","placedAt":"2026-10-03T10:00:00Z","total":12.5}
            """);

        var report = await ImportAsync(store, file, ImportKind.Orders);

        Assert.True(report.Committed);
        await using var db = store.CreateContext();
        var j1 = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.ExternalId == "j1", Ct);
        Assert.Equal((OrderStatus.PartiallyRefunded, 78.5m, 19.5m, 2), (j1.Status, j1.Total, j1.RefundedAmount, j1.Lines.Count));
        Assert.Equal(12.5m, (await db.Orders.SingleAsync(o => o.ExternalId == "j2", Ct)).Total);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Repeats_spread_over_batches_of_a_first_load_merge_into_one_record(StoreProvider provider)
    {
        // A first load into empty tables skips the store lookups; repeats in later batches must still merge.
        var store = await SeededAsync(provider);
        var orders = TestFiles.Write("orders.jsonl", """
            {"externalId":"j1","customerId":"c1","status":"created","placedAt":"2026-10-01T10:00:00Z","total":10}
            {"externalId":"j2","customerId":"c2","status":"created","placedAt":"2026-10-02T10:00:00Z","total":20}
            {"externalId":"j1","customerId":"c1","status":"paid","placedAt":"2026-10-01T10:00:00Z","paidAt":"2026-10-01T10:05:00Z","total":10}
            {"externalId":"j1","customerId":"c1","status":"created","placedAt":"2026-10-01T10:00:00Z","total":10}
            """);
        var events = TestFiles.Write("events.csv", Events.Replace(",o1,", ",j1,", StringComparison.Ordinal) + "\ne1,view_product,2026-10-01T09:50:00+08:00,c1,p1,,\ne2,search,2026-10-01T09:49:00+08:00,c1,,,");
        var oneByOne = new FileImporter(store, _time);

        var ordersReport = await oneByOne.ImportAsync(new ImportOptions(orders, ImportKind.Orders) { BatchSize = 1 }, null, null, Ct);
        var eventsReport = await oneByOne.ImportAsync(new ImportOptions(events, ImportKind.Events) { BatchSize = 1 }, null, null, Ct);

        Assert.Equal("", string.Join("; ", ordersReport.Errors.Concat(eventsReport.Errors).Select(e => $"{e.File}:{e.Line}:{e.Column} {e.Reason}")));
        Assert.True(ordersReport.Committed && eventsReport.Committed);
        Assert.Equal((2, 1), (ordersReport.Orders.Inserted, ordersReport.Orders.Updated));
        Assert.Equal((3, 2), (eventsReport.Events.Inserted, eventsReport.Events.Unchanged));
        Assert.Equal((2, 2, 2, 0, 3), await CountsAsync(store));
        await using var db = store.CreateContext();
        var j1 = await db.Orders.SingleAsync(o => o.ExternalId == "j1", Ct);
        Assert.Equal(OrderStatus.Paid, j1.Status);
    }

    public static TheoryData<string, string, long, string> BadRows => new()
    {
        // file content, file name, expected line, expected column
        { Orders.Replace("o2,c2,created,2026-10-02T09:00:00Z,,,,,web,p2,3,19.50,", "o2,c2,created,2026-10-02T09:00:00Z,,,,,web,p2,three,19.50,", StringComparison.Ordinal), "orders.csv", 4, "quantity" },
        { Orders.Replace("o2,c2,created,2026-10-02T09:00:00Z", "o2,c2,created,", StringComparison.Ordinal), "orders.csv", 4, "placed_at" },
        { Orders.Replace("o2,c2,created,2026-10-02T09:00:00Z", "o2,nobody,created,2026-10-02T09:00:00Z", StringComparison.Ordinal), "orders.csv", 4, "customer_id" },
        { Orders.Replace("tmall,p2,1,19.50", "tmall,zzz,1,19.50", StringComparison.Ordinal), "orders.csv", 3, "sku" },
        { Orders.Replace("o2,c2,created,2026-10-02T09:00:00Z", "o2,c2,created,2026-13-02T09:00:00Z", StringComparison.Ordinal), "orders.csv", 4, "placed_at" },
        { """{"externalId":"j1","customerId":"c1","placedAt":"2026-10-01T10:00:00Z","total":"ten"}""", "orders.jsonl", 1, "total" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_row_is_reported_with_file_line_and_column_and_the_store_is_unchanged(string content, string name, long line, string column)
    {
        foreach (var provider in new[] { StoreProvider.Sqlite, StoreProvider.Postgres })
        {
            var store = await SeededAsync(provider);
            var before = await CountsAsync(store);

            var report = await ImportAsync(store, TestFiles.Write(name, content), ImportKind.Orders);

            Assert.False(report.Committed);
            var error = Assert.Single(report.Errors);
            Assert.Equal((name, line, column), (error.File, error.Line, error.Column));
            Assert.False(string.IsNullOrWhiteSpace(error.Reason));
            Assert.Equal(before, await CountsAsync(store));
        }
    }

    [Fact]
    public async Task Skip_invalid_imports_the_good_rows_and_reports_the_rest()
    {
        var store = await SeededAsync(StoreProvider.Sqlite);
        var content = Orders.Replace("o2,c2,created,2026-10-02T09:00:00Z", "o2,nobody,created,2026-10-02T09:00:00Z", StringComparison.Ordinal);

        var report = await ImportAsync(store, TestFiles.Write("orders.csv", content), ImportKind.Orders, skipInvalid: true);

        Assert.True(report.Committed);
        Assert.Equal(1, report.RejectedRecords);
        Assert.Equal(1, (await CountsAsync(store)).Orders);
    }

    [Fact]
    public async Task A_file_with_an_unknown_column_is_refused_whole()
    {
        var store = await SeededAsync(StoreProvider.Sqlite);

        var report = await ImportAsync(store, TestFiles.Write("customers.csv", "external_id,nmae\nc9,Typo\n"), ImportKind.Customers);

        Assert.False(report.Committed);
        Assert.Contains("nmae", report.FileError, StringComparison.Ordinal);
        Assert.Equal(2, (await CountsAsync(store)).Customers);
    }

    [Fact]
    public async Task Every_bad_row_of_a_strict_import_is_reported_not_only_the_first()
    {
        var store = await SeededAsync(StoreProvider.Sqlite);
        var content = "event_id,type,occurred_at,customer_id\ne1,view_product,2026-10-01T00:00:00Z,c1\ne2,view_product,yesterday,c1\ne3,view_product,2026-10-01T00:00:00Z,ghost\n";

        var report = await ImportAsync(store, TestFiles.Write("events.csv", content), ImportKind.Events);

        Assert.False(report.Committed);
        Assert.Equal([(3L, "occurred_at"), (4L, "customer_id")], report.Errors.Select(e => (e.Line, e.Column)).ToArray());
        Assert.Equal(0, (await CountsAsync(store)).Events);
    }
}
