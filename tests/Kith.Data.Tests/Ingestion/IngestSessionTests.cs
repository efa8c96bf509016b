using Kith.Core.Ingestion;
using Kith.Core.Orders;
using Kith.Data.Ingestion;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kith.Data.Tests.Ingestion;

public class IngestSessionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IngestItem<T>[] Items<T>(params T[] inputs) => inputs.Select((x, i) => new IngestItem<T>(i, x)).ToArray();

    private static OrderInput Order(string id, OrderStatus status, DateTimeOffset at, params (string Sku, int Qty, decimal Price)[] lines) => new()
    {
        ExternalId = id,
        CustomerId = "c1",
        Status = status,
        PlacedAt = new DateTimeOffset(2026, 10, 1, 10, 0, 0, TimeSpan.FromHours(8)),
        PaidAt = status >= OrderStatus.Paid ? at : null,
        UpdatedAt = at,
        Lines = lines.Select(l => new OrderLineInput { Sku = l.Sku, Quantity = l.Qty, UnitPrice = l.Price }).ToList(),
    };

    private async Task SeedAsync(KithStore store)
    {
        await using var s = await IngestSession.BeginAsync(store, _time, "CNY", Ct);
        await s.UpsertCustomersAsync(Items(new CustomerInput { ExternalId = "c1", Name = "张伟", Email = "zw@example.com" }), Ct);
        await s.UpsertProductsAsync(Items(new ProductInput { Sku = "p1", Name = "Beans", Price = 59m }, new ProductInput { Sku = "p2", Name = "Mug", Price = 19.5m }), Ct);
        await s.CommitAsync(Ct);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Upserting_the_same_order_twice_stores_one_order_and_changes_nothing(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        await SeedAsync(store);
        var order = Order("o1", OrderStatus.Paid, new DateTimeOffset(2026, 10, 1, 3, 0, 0, TimeSpan.Zero), ("p1", 2, 59m), ("p2", 1, 19.5m));

        BatchResult first, second;
        await using (var s = await IngestSession.BeginAsync(store, _time, "CNY", Ct))
        {
            first = await s.UpsertOrdersAsync(Items(order), Ct);
            await s.CommitAsync(Ct);
        }

        await using (var s = await IngestSession.BeginAsync(store, _time, "CNY", Ct))
        {
            second = await s.UpsertOrdersAsync(Items(order), Ct);
            await s.CommitAsync(Ct);
        }

        Assert.Equal((1, 0, 0), (first.Inserted, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 1), (second.Inserted, second.Updated, second.Unchanged));
        await using var db = store.CreateContext();
        var stored = await db.Orders.Include(o => o.Lines).SingleAsync(Ct);
        Assert.Equal(137.5m, stored.Total);
        Assert.Equal(2, stored.Lines.Count);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 2, 0, 0, TimeSpan.Zero), stored.PlacedAt);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task An_older_update_arriving_late_never_overwrites_the_newer_status(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        await SeedAsync(store);
        var shipped = Order("o1", OrderStatus.Shipped, new DateTimeOffset(2026, 10, 3, 0, 0, 0, TimeSpan.Zero), ("p1", 1, 59m));
        shipped.PaidAt = null; // the shipping system does not know when it was paid
        var paid = Order("o1", OrderStatus.Paid, new DateTimeOffset(2026, 10, 1, 3, 0, 0, TimeSpan.Zero), ("p1", 1, 59m));

        foreach (var update in new[] { shipped, paid })
        {
            await using var s = await IngestSession.BeginAsync(store, _time, "CNY", Ct);
            await s.UpsertOrdersAsync(Items(update), Ct);
            await s.CommitAsync(Ct);
        }

        await using var db = store.CreateContext();
        var stored = await db.Orders.SingleAsync(Ct);
        Assert.Equal(OrderStatus.Shipped, stored.Status);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 3, 0, 0, TimeSpan.Zero), stored.PaidAt);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_session_disposed_without_commit_leaves_the_store_as_before(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        await SeedAsync(store);

        await using (var s = await IngestSession.BeginAsync(store, _time, "CNY", Ct))
        {
            await s.UpsertCustomersAsync(Items(new CustomerInput { ExternalId = "c2" }, new CustomerInput { ExternalId = "c1", Name = "改名" }), Ct);
            await s.UpsertOrdersAsync(Items(Order("o9", OrderStatus.Paid, Now.AddDays(-1), ("p1", 1, 1m))), Ct);
        }

        await using var db = store.CreateContext();
        Assert.Equal(1, await db.Customers.CountAsync(Ct));
        Assert.Equal("张伟", (await db.Customers.SingleAsync(Ct)).Name);
        Assert.Equal(0, await db.Orders.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Unknown_references_are_reported_by_index_and_field_and_not_written(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        await SeedAsync(store);
        var good = Order("o1", OrderStatus.Paid, Now.AddDays(-1), ("p1", 1, 59m));
        var badCustomer = Order("o2", OrderStatus.Paid, Now.AddDays(-1), ("p1", 1, 59m));
        badCustomer.CustomerId = "nobody";
        var badSku = Order("o3", OrderStatus.Paid, Now.AddDays(-1), ("p1", 1, 59m), ("nope", 1, 1m));

        await using var s = await IngestSession.BeginAsync(store, _time, "CNY", Ct);
        var result = await s.UpsertOrdersAsync(Items(good, badCustomer, badSku), Ct);

        Assert.Equal(1, result.Inserted);
        Assert.Contains(result.Errors, e => e is { Index: 1, Field: "customerId" });
        Assert.Contains(result.Errors, e => e is { Index: 2, Field: "lines[1].sku" });
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Events_sent_twice_are_stored_once(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        await SeedAsync(store);
        var view = new EventInput { EventId = "e1", Type = "view_product", CustomerId = "c1", Sku = "p1", OccurredAt = Now.AddHours(-1) };

        await using (var s = await IngestSession.BeginAsync(store, _time, "CNY", Ct))
        {
            var r = await s.InsertEventsAsync(Items(view, view), Ct);
            Assert.Equal((1, 1), (r.Inserted, r.Unchanged));
            await s.CommitAsync(Ct);
        }

        await using (var s = await IngestSession.BeginAsync(store, _time, "CNY", Ct))
        {
            var r = await s.InsertEventsAsync(Items(view), Ct);
            Assert.Equal((0, 1), (r.Inserted, r.Unchanged));
            await s.CommitAsync(Ct);
        }

        await using var db = store.CreateContext();
        Assert.Equal(1, await db.Events.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_customer_update_keeps_fields_it_does_not_carry(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        await SeedAsync(store);

        await using (var s = await IngestSession.BeginAsync(store, _time, "CNY", Ct))
        {
            var r = await s.UpsertCustomersAsync(Items(new CustomerInput { ExternalId = "c1", Phone = "13812345678" }), Ct);
            Assert.Equal(1, r.Updated);
            await s.CommitAsync(Ct);
        }

        await using var db = store.CreateContext();
        var c = await db.Customers.SingleAsync(Ct);
        Assert.Equal(("张伟", "zw@example.com", "13812345678"), (c.Name, c.Email, c.Phone));
    }
}
