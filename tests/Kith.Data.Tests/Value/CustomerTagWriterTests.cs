using Kith.Core.Customers.Demo;
using Kith.Data.Customers;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Data.Tests.Value;

public class CustomerTagWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_refresh_replaces_computed_tags_and_keeps_manual_ones(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        await DemoStoreWriter.ToStoreAsync(new DemoStore(200, 11, DemoStore.DefaultAsOf), store, TimeProvider.System, events: false, null, Ct);
        var tags = await PreferenceLoader.ComputeAsync(store, TimeZoneInfo.Utc, Ct);
        var buyer = Array.FindIndex(tags.Tags, t => t.PreferredChannel is not null);
        var customerId = tags.CustomerIds[buyer];
        var computedChannel = "channel:" + tags.Tags[buyer].PreferredChannel;
        await using (var db = store.CreateContext())
        {
            db.CustomerTags.AddRange(
                new CustomerTag { CustomerId = customerId, Tag = "vip", Source = CustomerTag.Manual, CreatedAt = DateTimeOffset.UtcNow },
                new CustomerTag { CustomerId = customerId, Tag = computedChannel, Source = CustomerTag.Manual, CreatedAt = DateTimeOffset.UtcNow },
                new CustomerTag { CustomerId = customerId, Tag = "category:stale", Source = CustomerTag.Computed, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
        }

        var written = await CustomerTagWriter.ReplaceComputedAsync(store, tags, TimeProvider.System, Ct);
        await CustomerTagWriter.ReplaceComputedAsync(store, tags, TimeProvider.System, Ct);

        await using var check = store.CreateContext();
        var mine = await check.CustomerTags.Where(t => t.CustomerId == customerId).ToDictionaryAsync(t => t.Tag, t => t.Source, Ct);
        Assert.Equal(CustomerTag.Manual, mine["vip"]);
        Assert.Equal(CustomerTag.Manual, mine[computedChannel]); // the same name as a computed tag: kept once, as manual
        Assert.DoesNotContain("category:stale", mine.Keys);
        Assert.Equal(CustomerTagWriter.TagsOf(tags.Tags[buyer]).Order(), mine.Keys.Where(k => k != "vip").Order());
        var expected = tags.Tags.Sum(t => CustomerTagWriter.TagsOf(t).Count());
        Assert.Equal(expected, written);
        Assert.Equal(expected + 1, await check.CustomerTags.CountAsync(Ct)); // + vip; the channel tag is the manual one
    }
}
