using Kith.Core.Customers.Demo;
using Kith.Core.Orders;
using Kith.Data.Customers;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Data.Tests.Value;

public class PreferenceLoaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Tags_of_a_demo_store_agree_with_queries_over_the_stored_rows(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        var demo = new DemoStore(300, 7, DemoStore.DefaultAsOf);
        await DemoStoreWriter.ToStoreAsync(demo, store, TimeProvider.System, events: true, null, Ct);

        var result = await PreferenceLoader.ComputeAsync(store, TimeZoneInfo.Utc, Ct);

        await using var db = store.CreateContext();
        var paid = await db.Orders.AsNoTracking().Include(o => o.Lines)
            .Where(o => o.PaidAt != null && o.Status != OrderStatus.Cancelled && o.Status != OrderStatus.Refunded).ToListAsync(Ct);
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, Ct);
        var checkedCustomers = 0;
        for (var i = 0; i < result.CustomerIds.Length; i++)
        {
            var mine = paid.Where(o => o.CustomerId == result.CustomerIds[i]).ToList();
            var tags = result.Tags[i];
            if (mine.Count == 0)
            {
                Assert.Equal((0, null), (tags.TopCategories.Count, tags.PromotionSensitivity));
                continue;
            }

            checkedCustomers++;
            var share = mine.Count(o => !string.IsNullOrEmpty(o.CouponCode) || o.Discount > 0) / (double)mine.Count;
            Assert.Equal(share, tags.PromotionShare, 12);
            var channel = mine.Where(o => o.Channel is not null).GroupBy(o => o.Channel!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
            Assert.Equal(channel, tags.PreferredChannel);
            var topCategory = mine.SelectMany(o => o.Lines)
                .GroupBy(l => (products[l.ProductId].CategoryPath ?? "").Split(" > ")[0])
                .OrderByDescending(g => g.Sum(l => (l.Quantity * l.UnitPrice) - l.Discount)).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key).First();
            Assert.Equal(topCategory, tags.TopCategories[0]);
        }

        Assert.True(checkedCustomers > 200, $"only {checkedCustomers} buyers in the demo store");
    }
}
