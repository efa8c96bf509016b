using Kith.Core.Catalog;
using Kith.Core.Customers;
using Kith.Core.Events;
using Kith.Core.Orders;
using Kith.Data.Customers;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Xunit;

namespace Kith.Data.Tests.Customers;

public class CustomerProfilesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task The_timeline_of_a_busy_customer_merges_order_steps_and_events_newest_first(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        var random = new Random(3);
        await using (var db = store.CreateContext())
        {
            var product = new Product { Sku = "SKU-1", Name = "Tea" };
            var customer = new Customer { ExternalId = "BIG" };
            db.AddRange(product, customer, new Customer { ExternalId = "OTHER" });
            await db.SaveChangesAsync(Ct);
            for (var i = 0; i < 200; i++)
            {
                var placed = T0.AddHours(random.Next(24 * 300));
                db.Orders.Add(new Order
                {
                    ExternalId = $"O{i}",
                    CustomerId = customer.Id,
                    Status = OrderStatus.Completed,
                    Total = 10m + i,
                    PlacedAt = placed,
                    PaidAt = placed.AddMinutes(3),
                    ShippedAt = placed.AddDays(1),
                    DeliveredAt = placed.AddDays(3),
                    CompletedAt = placed.AddDays(10),
                    Version = placed,
                    Lines = [new OrderLine { LineNumber = 1, Sku = "SKU-1", ProductId = product.Id, Quantity = 2, UnitPrice = 5m }],
                });
            }

            for (var i = 0; i < 2000; i++)
            {
                db.Events.Add(new CustomerEvent
                {
                    EventId = $"E{i}",
                    Type = EventTypes.ViewProduct,
                    CustomerId = customer.Id,
                    ProductId = product.Id,
                    OccurredAt = T0.AddMinutes(random.Next(60 * 24 * 300)),
                    ReceivedAt = T0,
                });
            }

            await db.SaveChangesAsync(Ct);
        }

        var profiles = new CustomerProfiles(store);
                var profile = await profiles.LoadAsync("BIG", Ct);

        Assert.NotNull(profile);
        Assert.Equal(200, profile.OrderCount);
        Assert.Equal(2000, profile.EventCount);
        Assert.Equal(200 * 5 + 2000, profile.Timeline.Count);
        Assert.True(profile.Timeline.Zip(profile.Timeline.Skip(1)).All(p => p.First.At >= p.Second.At), "newest first");
        Assert.Equal("Tea", profile.Timeline.First(e => e.Order is null).ProductName);
        Assert.All(profile.Timeline.Where(e => e.Order is not null), e => Assert.Equal("Tea", Assert.Single(e.Order!.Lines).ProductName));
        Assert.Null(await profiles.LoadAsync("NOBODY", Ct));
    }
}
