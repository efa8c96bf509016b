using Kith.Core.Customers;
using Kith.Core.Segments;
using Kith.Data.Customers;
using Kith.Data.Segments;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Data.Tests.Segments;

public class SegmentMaterializerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly AsOf = new(2026, 3, 10);
    private static readonly DateTimeOffset T1 = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private static async Task<(KithStore Store, List<Customer> Customers)> StoreAsync(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        await using var db = store.CreateContext();
        var customers = Enumerable.Range(1, 6).Select(i => new Customer { ExternalId = $"C{i}", Name = $"Customer {i}" }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync(Ct);
        foreach (var c in customers.Take(4))
        {
            db.CustomerTags.Add(new CustomerTag { CustomerId = c.Id, Tag = "vip" });
        }

        await db.SaveChangesAsync(Ct);
        return (store, customers);
    }

    private static Task<SegmentProfiles> ProfilesAsync(KithStore store) => SegmentProfilesLoader.LoadAsync(store, AsOf, TimeZoneInfo.Utc, null, Ct);

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Membership_follows_the_data_and_every_entry_and_exit_is_recorded_and_on_the_timeline(StoreProvider provider)
    {
        var (store, customers) = await StoreAsync(provider);
        var catalog = new SegmentCatalog(store);
        var (segment, error) = await catalog.CreateAsync("VIPs", "tag = \"vip\"", null, "test", T1, Ct);
        Assert.Null(error);

        var first = await SegmentMaterializer.MaterializeAsync(store, segment!, await ProfilesAsync(store), T1, Ct);
        Assert.Equal((4, 4, 0), (first.Members, first.Entered, first.Left));

        // C1 loses the tag, C5 gains it: one leaves, one enters; the others are untouched.
        await using (var db = store.CreateContext())
        {
            await db.CustomerTags.Where(t => t.CustomerId == customers[0].Id).ExecuteDeleteAsync(Ct);
            db.CustomerTags.Add(new CustomerTag { CustomerId = customers[4].Id, Tag = "vip" });
            await db.SaveChangesAsync(Ct);
        }

        var t2 = T1.AddHours(1);
        var second = await SegmentMaterializer.MaterializeAsync(store, segment!, await ProfilesAsync(store), t2, Ct);
        Assert.Equal((4, 1, 1), (second.Members, second.Entered, second.Left));
        var again = await SegmentMaterializer.MaterializeAsync(store, segment!, await ProfilesAsync(store), t2.AddHours(1), Ct);
        Assert.Equal((4, 0, 0), (again.Members, again.Entered, again.Left));

        var members = await catalog.MembersAsync(segment!.Id, 0, 100, Ct);
        Assert.Equal(["C2", "C3", "C4", "C5"], members.Select(m => m.ExternalId));
        Assert.Equal(t2, members.Single(m => m.ExternalId == "C5").Since);
        var history = await catalog.ChangesAsync(segment.Id, 100, Ct);
        Assert.Equal(6, history.Count);
        Assert.Equal([(false, "C1"), (true, "C5")], history.Where(h => h.At == t2).Select(h => (h.Entered, h.ExternalId)).OrderBy(h => h.Entered));
        Assert.Equal(4, (await catalog.FindAsync(segment.Id, Ct))!.MemberCount);

        var c1 = await new CustomerProfiles(store).LoadAsync("C1", Ct);
        var segmentEntries = c1!.Timeline.Where(e => e.Segment is not null).ToList();
        Assert.Equal([(SegmentChange.LeftType, t2), (SegmentChange.EnteredType, T1)], segmentEntries.Select(e => (e.What, e.At)));
        Assert.All(segmentEntries, e => Assert.Equal("VIPs", e.Segment));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_segment_over_a_tag_nobody_has_any_more_reports_itself_broken_and_keeps_its_members(StoreProvider provider)
    {
        var (store, _) = await StoreAsync(provider);
        var catalog = new SegmentCatalog(store);
        var (segment, _) = await catalog.CreateAsync("VIPs", "tag = \"vip\" or orders > 3", null, "test", T1, Ct);
        await SegmentMaterializer.MaterializeAsync(store, segment!, await ProfilesAsync(store), T1, Ct);

        await using (var db = store.CreateContext())
        {
            await db.CustomerTags.Where(t => t.Tag == "vip").ExecuteDeleteAsync(Ct);
        }

        var result = await SegmentMaterializer.MaterializeAsync(store, segment!, await ProfilesAsync(store), T1.AddHours(1), Ct);
        Assert.Equal("no customer has the tag \"vip\" any more", result.Problem);
        var stored = (await catalog.FindAsync(segment!.Id, Ct))!;
        Assert.Equal(result.Problem, stored.Problem);
        Assert.Equal(4, stored.MemberCount);
        Assert.Equal(4, (await catalog.MembersAsync(segment.Id, 0, 100, Ct)).Count);
        Assert.Equal(4, (await catalog.ChangesAsync(segment.Id, 100, Ct)).Count); // no exits recorded
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Static_segments_keep_known_ids_and_report_unknown_ones(StoreProvider provider)
    {
        var (store, _) = await StoreAsync(provider);
        var catalog = new SegmentCatalog(store);
        var (segment, unknown, error) = await catalog.CreateStaticAsync("Hand picked", ["C2", " C3 ", "C2", "nobody", "", "also-nobody"], null, "test", T1, Ct);
        Assert.Null(error);
        Assert.Equal(["nobody", "also-nobody"], unknown);
        Assert.Equal(2, segment!.MemberCount);
        Assert.Equal(["C2", "C3"], (await catalog.MembersAsync(segment.Id, 0, 100, Ct)).Select(m => m.ExternalId));

        var (_, _, again) = await catalog.CreateStaticAsync("Hand picked", ["C1"], null, "test", T1, Ct);
        Assert.Equal(("name", "There is already a segment named 'Hand picked'."), (again!.Field, again.Message));
        var (_, noName) = await catalog.CreateAsync("  ", "orders > 1", null, "test", T1, Ct);
        Assert.Equal("name", noName!.Field);
        var (_, badRule) = await catalog.CreateAsync("Bad", "orders >", null, "test", T1, Ct);
        Assert.Equal("rule", badRule!.Field);
        Assert.Equal(1, badRule.Problems[0].At.Line);
    }

    [Fact]
    public async Task Rule_text_reaches_sql_only_as_parameters()
    {
        var store = await TestStores.CreateAsync(StoreProvider.Sqlite, Ct);
        string[] hostile = ["'; DROP TABLE customers; --", "\" OR 1=1 --", "x') OR ('1'='1", "Robert'); DELETE FROM segments;--", "%_\\*"];
        foreach (var value in hostile)
        {
            var text = $"city = \"{value.Replace("\\", "\\\\").Replace("\"", "\\\"")}\" or tag = \"{value.Replace("\\", "\\\\").Replace("\"", "\\\"")}\" or bought_category(\"{value.Replace("\\", "\\\\").Replace("\"", "\\\"")}\")";
            var rule = SegmentRule.Parse(text);
            var query = SegmentSql.Compile(rule, store.Provider, AsOf, TimeZoneInfo.Utc);
            Assert.DoesNotContain(value, query.Where, StringComparison.Ordinal);
            Assert.Contains(value, query.Parameters.Select(p => p.Value as string));
            Assert.Empty(await SegmentSql.MemberIdsAsync(store, rule, AsOf, TimeZoneInfo.Utc, Ct));
        }

        await using var db = store.CreateContext();
        Assert.Equal(0, await db.Customers.CountAsync(Ct)); // the table is still there
    }
}
