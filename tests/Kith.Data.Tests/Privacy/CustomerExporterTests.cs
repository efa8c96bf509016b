using System.Text;
using System.Text.Json.Nodes;
using Kith.Data.Audit;
using Kith.Data.Privacy;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Xunit;

namespace Kith.Data.Tests.Privacy;

public class CustomerExporterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Export_holds_the_unmasked_profile_orders_with_lines_events_with_properties_tags_and_value(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);

        var export = (await s.Exporter.ExportAsync("c1", "agent@example.com", Ct)).Value!;
        var json = JsonNode.Parse(CustomerExporter.ToJson(export))!;

        Assert.Equal("kith.customer-export/1", (string)json["format"]!);
        var profile = json["profile"]!;
        Assert.Equal(("张伟", "13812345678", "zw@example.com", "1990-05-01", false), ((string)profile["name"]!, (string)profile["phone"]!, (string)profile["email"]!, (string)profile["birthday"]!, (bool)profile["isMasked"]!));
        Assert.Equal((true, true, false, false), ((bool)json["consents"]!["email"]!, (bool)json["consents"]!["sms"]!, (bool)json["consents"]!["push"]!, (bool)json["consents"]!["weChat"]!));
        var orders = json["orders"]!.AsArray();
        Assert.Equal(["o1", "o2"], orders.Select(o => (string)o!["orderId"]!));
        Assert.Equal(("paid", 2, "SAVE10"), ((string)orders[0]!["status"]!, orders[0]!["lines"]!.AsArray().Count, (string)orders[0]!["couponCode"]!));
        var events = json["events"]!.AsArray();
        Assert.Equal(["e2", "e1", "e3"], events.Select(e => (string)e!["eventId"]!));
        Assert.Equal(("咖啡豆 张伟", "p1", "o1"), ((string)events[0]!["properties"]!["q"]!, (string)events[1]!["sku"]!, (string)events[2]!["orderId"]!));
        Assert.Equal(["category:Food", "vip"], json["tags"]!.AsArray().Select(t => (string)t!["tag"]!));
        Assert.Equal("gold", (string)json["value"]!["tier"]!);
        // Nothing of the other customer.
        Assert.DoesNotContain("Alice", json.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Export_is_audited_with_the_actor_and_counts_only(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);

        await s.Exporter.ExportAsync("c1", "agent@example.com", Ct);

        var line = Assert.Single(await s.Audit.SearchAsync(new AuditLog.Query(Action: AuditActions.CustomerExported), Ct));
        Assert.Equal(("agent@example.com", "customer:c1", "orders=2; events=3; tags=2"), (line.Actor, line.Target, line.Detail));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Export_after_erasure_holds_no_personal_data_but_still_the_orders(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);
        await s.Eraser.EraseAsync("c1", "ops@example.com", Ct);

        var export = (await s.Exporter.ExportAsync("c1", "agent@example.com", Ct)).Value!;
        var text = Encoding.UTF8.GetString(CustomerExporter.ToJson(export));

        Assert.All(PrivacyStore.C1Personal, p => Assert.DoesNotContain(p, text, StringComparison.Ordinal));
        Assert.NotNull(export.Profile.ErasedAt);
        Assert.Equal((2, 3, 0), (export.Orders.Count, export.Events.Count, export.Tags.Count));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Exporting_an_unknown_customer_is_not_found_and_not_audited(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);

        var result = await s.Exporter.ExportAsync("nobody", "agent@example.com", Ct);

        Assert.Equal(PrivacyErrorKind.NotFound, result.Error!.Kind);
        Assert.Empty(await s.Audit.SearchAsync(new AuditLog.Query(), Ct));
    }
}
