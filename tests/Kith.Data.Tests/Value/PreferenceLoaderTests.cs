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

    /// <summary>
    /// Stages per category, stored as tags, against the stored rows: each customer's first and last paid day with
    /// a line in the category, classified here by the rule in docs/metrics.md.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Category_stages_are_stored_as_tags_and_agree_with_the_stored_rows(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        var asOf = DemoStore.DefaultAsOf;
        await DemoStoreWriter.ToStoreAsync(new DemoStore(300, 11, asOf), store, TimeProvider.System, events: false, null, Ct);
        const string Baby = "母婴 Baby";
        var options = new Kith.Core.Value.CategoryLifecycleOptions(asOf, new Dictionary<string, Kith.Core.Value.LifecycleWindows> { [Baby] = new(20, 40, 60) });

        var result = await PreferenceLoader.ComputeAsync(store, TimeZoneInfo.Utc, Ct, options);
        await CustomerTagWriter.ReplaceComputedAsync(store, result, TimeProvider.System, Ct);

        await using var db = store.CreateContext();
        var babyProducts = (await db.Products.AsNoTracking().ToListAsync(Ct)).Where(p => (p.CategoryPath ?? "").Split(" > ")[0] == Baby).Select(p => p.Id).ToHashSet();
        var days = (await db.Orders.AsNoTracking().Include(o => o.Lines)
                .Where(o => o.PaidAt != null && o.Status != OrderStatus.Cancelled && o.Status != OrderStatus.Refunded).ToListAsync(Ct))
            .Where(o => o.Lines.Any(l => babyProducts.Contains(l.ProductId)))
            .Select(o => (o.CustomerId, Day: DateOnly.FromDateTime(o.PaidAt!.Value.UtcDateTime).DayNumber))
            .Where(o => o.Day <= asOf.DayNumber)
            .GroupBy(o => o.CustomerId)
            .ToDictionary(g => g.Key, g => (First: g.Min(o => o.Day), Last: g.Max(o => o.Day)));
        var expected = days.ToDictionary(d => d.Key, d =>
        {
            var (recency, since) = (asOf.DayNumber - d.Value.Last, asOf.DayNumber - d.Value.First);
            return recency > 60 ? "churned" : recency > 40 ? "sleeping" : recency > 20 ? "silent" : since <= 20 ? "new" : "active";
        });
        var stored = (await db.CustomerTags.AsNoTracking().Where(t => t.Tag.StartsWith("stage:")).ToListAsync(Ct))
            .ToDictionary(t => t.CustomerId, t => t.Tag);

        Assert.Equal(expected.Keys.Order(), stored.Keys.Order());
        Assert.All(expected, e => Assert.Equal($"stage:{Baby}:{e.Value}", stored[e.Key]));
        Assert.True(expected.Values.Distinct().Count() >= 3, $"the demo store should spread over stages: {string.Join(", ", expected.Values.Distinct())}");
        Assert.Equal(new Kith.Core.Value.LifecycleWindows(20, 40, 60), result.CategoryWindows[Baby]);
    }
}
