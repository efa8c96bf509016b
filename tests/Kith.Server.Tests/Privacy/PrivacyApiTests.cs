using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kith.Data.Access;
using Kith.Data.Audit;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Server.Tests.Privacy;

public class PrivacyApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private const string Person = """{"name":"张伟","phone":"13812345678","email":"zhang.wei@example.com","weChatId":"wx_zhangwei","appUserId":"app-771","gender":"male","birthday":"1990-05-01","country":"CN","region":"上海","city":"浦东","timeZone":"Asia/Shanghai","consentEmail":true,"consentSms":true,"attributes":{"address":"世纪大道 1 号"}}""";

    private static readonly string[] Personal = ["张伟", "13812345678", "zhang.wei@example.com", "wx_zhangwei", "app-771", "1990-05-01", "上海", "浦东", "世纪大道", "咖啡豆"];

    /// <summary>Customer c1 with personal data, a product, two paid orders and an event with properties, sent through the API.</summary>
    private static async Task SeedAsync(RunningKith kith)
    {
        var ingest = await ClientAsync(kith, "ingest");
        Assert.Equal(HttpStatusCode.OK, (await ingest.PutAsync("/api/v1/customers/c1", Json(Person), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ingest.PutAsync("/api/v1/products/p1", Json("""{"name":"Beans","price":59}"""), Ct)).StatusCode);
        foreach (var (id, total) in new[] { ("o1", 118), ("o2", 59) })
        {
            var order = $$"""{"customerId":"c1","status":"paid","placedAt":"2026-10-03T10:00:00Z","paidAt":"2026-10-03T10:05:00Z","total":{{total}},"lines":[{"sku":"p1","quantity":{{total / 59}},"unitPrice":59}]}""";
            Assert.Equal(HttpStatusCode.OK, (await ingest.PutAsync($"/api/v1/orders/{id}", Json(order), Ct)).StatusCode);
        }

        var ev = """{"eventId":"e1","type":"search","customerId":"c1","occurredAt":"2026-10-03T09:00:00Z","properties":{"q":"咖啡豆 for 张伟"}}""";
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync("/api/v1/events", Json(ev), Ct)).StatusCode);
    }

    private static async Task<HttpClient> ClientAsync(RunningKith kith, string scopes)
    {
        var created = await new ApiKeyStore(kith.Store, TimeProvider.System).CreateAsync(scopes.Replace(',', '-'), scopes.Split(','), Ct);
        var client = kith.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        return client;
    }

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(RunningKith kith, string action) =>
        await new AuditLog(kith.Store, TimeProvider.System).SearchAsync(new AuditLog.Query(Action: action), Ct);

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_read_key_sees_the_profile_masked_and_no_view_is_audited(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, "read", ct: Ct);
        await SeedAsync(kith);

        var profile = await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/customers/c1", Ct);

        Assert.Equal(("张*", "138****5678", "z***@example.com", "w**********", "a******"),
            ((string)profile!["name"]!, (string)profile["phone"]!, (string)profile["email"]!, (string)profile["weChatId"]!, (string)profile["appUserId"]!));
        Assert.Equal(("上*", "浦*", "CN", "male", true), ((string)profile["region"]!, (string)profile["city"]!, (string)profile["country"]!, (string)profile["gender"]!, (bool)profile["isMasked"]!));
        Assert.Null(profile["birthday"]);
        Assert.Null(profile["attributes"]);
        Assert.Equal((true, true), ((bool)profile["consentEmail"]!, (bool)profile["consentSms"]!));
        Assert.All(Personal, p => Assert.DoesNotContain(p, profile.ToJsonString(), StringComparison.Ordinal));
        Assert.Empty(await AuditAsync(kith, AuditActions.PiiViewed));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task An_admin_key_sees_the_profile_unmasked_and_the_view_is_audited(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, "admin", ct: Ct);
        await SeedAsync(kith);

        var profile = await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/customers/c1", Ct);
        var unknown = await kith.Client.GetAsync("/api/v1/customers/nobody", Ct);

        Assert.Equal(("张伟", "13812345678", "1990-05-01", false), ((string)profile!["name"]!, (string)profile["phone"]!, (string)profile["birthday"]!, (bool)profile["isMasked"]!));
        var line = Assert.Single(await AuditAsync(kith, AuditActions.PiiViewed));
        Assert.Equal(("apikey:tests", "customer:c1"), (line.Actor, line.Target));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("'nobody'", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Export_is_a_json_attachment_audited_with_the_actor_and_needs_the_export_permission(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, "admin", ct: Ct);
        await SeedAsync(kith);
        var reader = await ClientAsync(kith, "read");

        var response = await kith.Client.GetAsync("/api/v1/customers/c1/export", Ct);
        var forbidden = await reader.GetAsync("/api/v1/customers/c1/export", Ct);
        var unknown = await kith.Client.GetAsync("/api/v1/customers/nobody/export", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(("attachment", "customer-c1.json"), (response.Content.Headers.ContentDisposition!.DispositionType, response.Content.Headers.ContentDisposition.FileName));
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(("张伟", 2, "咖啡豆 for 张伟"), ((string)json["profile"]!["name"]!, json["orders"]!.AsArray().Count, (string)json["events"]![0]!["properties"]!["q"]!));
        var line = Assert.Single(await AuditAsync(kith, AuditActions.CustomerExported));
        Assert.Equal(("apikey:tests", "customer:c1"), (line.Actor, line.Target));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task After_erase_no_personal_field_comes_back_through_get_export_the_row_or_a_reimport_and_gmv_is_unchanged(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, "admin", ct: Ct);
        await SeedAsync(kith);
        var ingest = await ClientAsync(kith, "ingest");
        const string kpis = "/api/v1/reports/kpis?from=2026-10-01&to=2026-10-31";
        var gmvBefore = (decimal)(await kith.Client.GetFromJsonAsync<JsonObject>(kpis, Ct))!["gmv"]!;

        var erase = await kith.Client.PostAsync("/api/v1/customers/c1/erase", null, Ct);
        var receipt = JsonNode.Parse(await erase.Content.ReadAsStringAsync(Ct))!;
        // A store system keeps sending the customer as it knew them, one at a time and in a batch.
        var put = await ingest.PutAsync("/api/v1/customers/c1", Json(Person), Ct);
        var batch = await ingest.PostAsync("/api/v1/customers/batch", Json($$"""{"items":[{{Person.Insert(1, "\"externalId\":\"c1\",")}}]}"""), Ct);
        var again = JsonNode.Parse(await (await kith.Client.PostAsync("/api/v1/customers/c1/erase", null, Ct)).Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        Assert.Equal(("c1", false, 2, 1), ((string)receipt["customerId"]!, (bool)receipt["alreadyErased"]!, (int)receipt["ordersKept"]!, (int)receipt["eventsScrubbed"]!));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (put.StatusCode, batch.StatusCode));
        Assert.Equal(((string)receipt["receiptId"]!, true), ((string)again["receiptId"]!, (bool)again["alreadyErased"]!));
        var profile = (await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/customers/c1", Ct))!;
        var export = await kith.Client.GetStringAsync("/api/v1/customers/c1/export", Ct);
        Assert.NotNull(profile["erasedAt"]);
        Assert.Equal((false, false), ((bool)profile["consentEmail"]!, (bool)profile["consentSms"]!));
        foreach (var text in new[] { profile.ToJsonString(), export })
        {
            Assert.All(Personal, p => Assert.DoesNotContain(p, text, StringComparison.Ordinal));
        }

        await using var db = kith.Store.CreateContext();
        var row = await db.Customers.AsNoTracking().SingleAsync(c => c.ExternalId == "c1", Ct);
        Assert.Equal((null, null, null, null, null), (row.Name, row.Phone, row.Email, row.Region, row.Attributes));
        Assert.Null((await db.Events.AsNoTracking().SingleAsync(e => e.EventId == "e1", Ct)).Properties);
        Assert.Equal(gmvBefore, (decimal)(await kith.Client.GetFromJsonAsync<JsonObject>(kpis, Ct))!["gmv"]!);
        Assert.Equal(177m, gmvBefore);
        var line = Assert.Single(await AuditAsync(kith, AuditActions.CustomerErased));
        Assert.Equal(("apikey:tests", "customer:c1"), (line.Actor, line.Target));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Erase_needs_the_erase_permission_and_names_an_unknown_customer(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, "admin", ct: Ct);
        await SeedAsync(kith);
        var reader = await ClientAsync(kith, "read,ingest");

        var forbidden = await reader.PostAsync("/api/v1/customers/c1/erase", null, Ct);
        var unknown = await kith.Client.PostAsync("/api/v1/customers/nobody/erase", null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("'nobody'", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await using var db = kith.Store.CreateContext();
        Assert.Equal("张伟", (await db.Customers.SingleAsync(c => c.ExternalId == "c1", Ct)).Name);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task The_consent_endpoint_changes_only_the_given_channels_and_is_audited(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, "admin", ct: Ct);
        await SeedAsync(kith);
        var reader = await ClientAsync(kith, "read");

        var response = await kith.Client.PostAsync("/api/v1/customers/c1/consents", Json("""{"sms":false,"weChat":true}"""), Ct);
        var empty = await kith.Client.PostAsync("/api/v1/customers/c1/consents", Json("{}"), Ct);
        var typo = await kith.Client.PostAsync("/api/v1/customers/c1/consents", Json("""{"smss":false}"""), Ct);
        var forbidden = await reader.PostAsync("/api/v1/customers/c1/consents", Json("""{"email":false}"""), Ct);
        var unknown = await kith.Client.PostAsync("/api/v1/customers/nobody/consents", Json("""{"email":false}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var change = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(["sms", "weChat"], change["changed"]!.AsArray().Select(c => (string)c!));
        var profile = (await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/customers/c1", Ct))!;
        Assert.Equal((true, false, false, true), ((bool)profile["consentEmail"]!, (bool)profile["consentSms"]!, (bool)profile["consentPush"]!, (bool)profile["consentWeChat"]!));
        var line = Assert.Single(await AuditAsync(kith, AuditActions.CustomerUpdated));
        Assert.Equal(("apikey:tests", "customer:c1", "consents: sms=off, weChat=on"), (line.Actor, line.Target, line.Detail));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (empty.StatusCode, typo.StatusCode));
        Assert.Contains("consents", await empty.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("smss", await typo.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.NotFound), (forbidden.StatusCode, unknown.StatusCode));
    }
}
