using Kith.Data.Audit;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Privacy;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kith.Data.Tests.Privacy;

/// <summary>A store with two customers, their orders, events with properties, tags and a value row, imported from files as a store would send them.</summary>
internal sealed class PrivacyStore
{
    public const string Customers = """
        external_id,name,phone,email,wechat_id,app_user_id,gender,birthday,country,region,city,time_zone,registered_at,consent_email,consent_sms,attributes
        c1,张伟,13812345678,zw@example.com,wx_zhangwei,app-771,male,1990-05-01,CN,上海,浦东,Asia/Shanghai,2025-01-01T08:00:00+08:00,true,true,"{""vip"":true,""address"":""世纪大道 1 号""}"
        c2,Alice Smith,,alice@example.com,,,female,,GB,London,London,,2025-02-01T10:00:00Z,1,0,
        """;

    /// <summary>Every personal value of c1 in <see cref="Customers"/> and <see cref="Events"/>: none may be found after erasure.</summary>
    public static readonly string[] C1Personal = ["张伟", "13812345678", "zw@example.com", "wx_zhangwei", "app-771", "1990-05-01", "上海", "浦东", "世纪大道", "咖啡豆 张伟"];

    private const string Products = """
        sku,name,category_path,brand,price,in_stock
        p1,Coffee beans 咖啡豆,Food > Coffee,Aroma,59.00,true
        p2,Mug,Home > Kitchen,Clay,19.50,true
        """;

    private const string Orders = """
        order_id,customer_id,status,placed_at,paid_at,discount,shipping_fee,coupon_code,channel,sku,quantity,unit_price,line_discount
        o1,c1,paid,2026-10-01T10:00:00+08:00,2026-10-01T10:05:00+08:00,10,6,SAVE10,tmall,p1,2,59.00,0
        o1,c1,paid,2026-10-01T10:00:00+08:00,2026-10-01T10:05:00+08:00,10,6,SAVE10,tmall,p2,1,19.50,
        o2,c1,paid,2026-10-05T09:00:00Z,2026-10-05T09:01:00Z,,,,web,p2,3,19.50,
        o3,c2,created,2026-10-02T09:00:00Z,,,,,web,p2,3,19.50,
        """;

    private const string Events = """
        event_id,type,occurred_at,customer_id,sku,order_id,properties
        e1,view_product,2026-10-01T09:50:00+08:00,c1,p1,,
        e2,search,2026-10-01T09:49:00+08:00,c1,,,"{""q"":""咖啡豆 张伟""}"
        e3,add_to_cart,2026-10-01T09:55:00+08:00,c1,p1,o1,"{""note"":""送到 世纪大道""}"
        e4,search,2026-10-02T08:00:00Z,c2,,,"{""q"":""mug""}"
        """;

    private PrivacyStore(KithStore store, FakeTimeProvider time)
    {
        Store = store;
        Time = time;
        Audit = new AuditLog(store, time);
    }

    public KithStore Store { get; }
    public FakeTimeProvider Time { get; }
    public AuditLog Audit { get; }

    public CustomerEraser Eraser => new(Store, Audit, Time);
    public CustomerExporter Exporter => new(Store, Audit, Time);
    public ConsentService Consents => new(Store, Audit, Time);

    public static async Task<PrivacyStore> CreateAsync(StoreProvider provider, CancellationToken ct)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var store = await TestStores.CreateAsync(provider, ct);
        var seeded = new PrivacyStore(store, time);
        await seeded.ImportAsync(Customers, ImportKind.Customers, ct);
        await seeded.ImportAsync(Products, ImportKind.Products, ct);
        await seeded.ImportAsync(Orders, ImportKind.Orders, ct);
        await seeded.ImportAsync(Events, ImportKind.Events, ct);
        await using var db = store.CreateContext();
        var c1 = await db.Customers.Where(c => c.ExternalId == "c1").Select(c => c.Id).SingleAsync(ct);
        db.CustomerTags.AddRange(
            new CustomerTag { CustomerId = c1, Tag = "vip", Source = CustomerTag.Manual, CreatedAt = time.GetUtcNow() },
            new CustomerTag { CustomerId = c1, Tag = "category:Food", Source = CustomerTag.Computed, CreatedAt = time.GetUtcNow() });
        db.CustomerValues.Add(new CustomerValueRow
        {
            CustomerId = c1, AsOf = new DateOnly(2026, 10, 31), RecencyDays = 26, Frequency = 2, Monetary = 200.5m,
            RScore = 5, FScore = 4, MScore = 4, RfmGroup = "loyal", Lifecycle = "active", Tier = "gold",
        });
        await db.SaveChangesAsync(ct);
        return seeded;
    }

    public async Task<ImportReport> ImportAsync(string content, ImportKind kind, CancellationToken ct, string file = "data.csv")
    {
        var report = await new FileImporter(Store, Time).ImportAsync(new ImportOptions(TestFiles.Write(file, content), kind), null, null, ct);
        Assert.True(report.Committed, report.FileError + string.Join("; ", report.Errors.Select(e => e.ToString())));
        return report;
    }
}
