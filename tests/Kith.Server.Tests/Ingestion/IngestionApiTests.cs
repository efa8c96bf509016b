using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Server.Tests.Ingestion;

public class IngestionApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task SeedAsync(RunningKith kith)
    {
        var r1 = await kith.Client.PostAsync("/api/v1/customers/batch", Json("""{"items":[{"externalId":"c1","name":"王芳","email":"wf@example.com"},{"externalId":"c2"}]}"""), Ct);
        var r2 = await kith.Client.PostAsync("/api/v1/products/batch", Json("""{"items":[{"sku":"p1","name":"Beans","price":59},{"sku":"p2","name":"Mug"}]}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, r1.StatusCode);
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
    }

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Put_customer_creates_then_reports_unchanged_for_the_same_body(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, ct: Ct);
        var body = """{"name":"李娜","phone":"13912345678","gender":"female","birthday":"1992-02-29","consentSms":true}""";

        var first = await BodyAsync(await kith.Client.PutAsync("/api/v1/customers/c9", Json(body), Ct));
        var second = await BodyAsync(await kith.Client.PutAsync("/api/v1/customers/c9", Json(body), Ct));
        var read = await BodyAsync(await kith.Client.GetAsync("/api/v1/customers/c9", Ct));

        Assert.Equal(1, (int)first["inserted"]!);
        Assert.Equal(1, (int)second["unchanged"]!);
        // The default test key reads with the "read" scope, which sees personal data masked (docs/privacy.md).
        Assert.Equal(("李*", "female", true), ((string)read["name"]!, (string)read["gender"]!, (bool)read["consentSms"]!));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task The_same_order_sent_twice_and_out_of_order_is_one_record_with_the_newest_status(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, ct: Ct);
        await SeedAsync(kith);
        var shipped = """{"customerId":"c1","status":"shipped","placedAt":"2026-10-01T10:00:00+08:00","shippedAt":"2026-10-02T09:00:00+08:00","lines":[{"sku":"p1","quantity":2,"unitPrice":59}]}""";
        var paid = """{"customerId":"c1","status":"paid","placedAt":"2026-10-01T10:00:00+08:00","paidAt":"2026-10-01T10:02:00+08:00","lines":[{"sku":"p1","quantity":2,"unitPrice":59}]}""";

        foreach (var body in new[] { shipped, paid, shipped, paid })
        {
            var response = await kith.Client.PutAsync("/api/v1/orders/o1", Json(body), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var order = await BodyAsync(await kith.Client.GetAsync("/api/v1/orders/o1", Ct));
        Assert.Equal("shipped", (string)order["status"]!);
        Assert.Equal(DateTimeOffset.Parse("2026-10-01T02:02:00Z", System.Globalization.CultureInfo.InvariantCulture), (DateTimeOffset)order["paidAt"]!);
        await using var db = kith.Store.CreateContext();
        Assert.Equal(1, await db.Orders.CountAsync(Ct));
        Assert.Equal(1, await db.OrderLines.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task The_same_event_sent_twice_is_stored_once(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, ct: Ct);
        await SeedAsync(kith);
        var view = """{"eventId":"ev-1","type":"view_product","customerId":"c1","sku":"p1","occurredAt":"2026-10-01T10:00:00Z","properties":{"source":"search"}}""";

        await kith.Client.PostAsync("/api/v1/events", Json(view), Ct);
        var again = await BodyAsync(await kith.Client.PostAsync("/api/v1/events/batch", Json($$"""{"items":[{{view}}]}"""), Ct));

        Assert.Equal((0, 1), ((int)again["inserted"]!, (int)again["unchanged"]!));
        await using var db = kith.Store.CreateContext();
        Assert.Equal(1, await db.Events.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_batch_with_one_bad_item_is_refused_naming_index_and_field_and_nothing_is_written(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, ct: Ct);
        await SeedAsync(kith);
        var items = Enumerable.Range(0, 50).Select(i => new JsonObject
        {
            ["eventId"] = $"e{i}",
            ["type"] = "view_product",
            ["customerId"] = i == 37 ? "ghost" : "c1",
            ["occurredAt"] = "2026-10-01T10:00:00Z",
        }).ToArray();

        var response = await kith.Client.PostAsync("/api/v1/events/batch", Json(new JsonObject { ["items"] = new JsonArray(items) }.ToJsonString()), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await BodyAsync(response);
        Assert.Equal(["items[37].customerId"], problem["errors"]!.AsObject().Select(p => p.Key).ToArray());
        await using var db = kith.Store.CreateContext();
        Assert.Equal(0, await db.Events.CountAsync(Ct));
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_a_problem_naming_its_path()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);

        var response = await kith.Client.PostAsync("/api/v1/products/batch", Json("""{"items":[{"sku":"a","name":"A"},{"sku":"b","name":"B","price":"cheap"}]}"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await BodyAsync(response);
        Assert.Contains("items[1].price", problem["errors"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task An_unknown_field_is_refused_so_a_typo_does_not_drop_data()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);

        var response = await kith.Client.PutAsync("/api/v1/customers/c1", Json("""{"emial":"x@example.com"}"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await BodyAsync(response);
        var reason = (string)problem["errors"]!["emial"]![0]!;
        Assert.StartsWith("is not a field of this record", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Kith.Core", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_of_more_than_10000_items_is_refused()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);
        var items = string.Join(',', Enumerable.Range(0, 10_001).Select(i => $$"""{"externalId":"c{{i}}"}"""));

        var response = await kith.Client.PostAsync("/api/v1/customers/batch", Json($$"""{"items":[{{items}}]}"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 10000", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await using var db = kith.Store.CreateContext();
        Assert.Equal(0, await db.Customers.CountAsync(Ct));
    }

    [Fact]
    public async Task A_batch_of_10000_events_is_accepted()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);
        await SeedAsync(kith);
        var items = string.Join(',', Enumerable.Range(0, 10_000).Select(i => $$"""{"eventId":"b{{i}}","type":"view_product","customerId":"c{{(i % 2) + 1}}","sku":"p1","occurredAt":"2026-10-01T10:00:00Z"}"""));

        var response = await kith.Client.PostAsync("/api/v1/events/batch", Json($$"""{"items":[{{items}}]}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(10_000, (int)(await BodyAsync(response))["inserted"]!);
    }

    [Fact]
    public async Task Reading_an_unknown_order_is_404()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);

        var response = await kith.Client.GetAsync("/api/v1/orders/nope", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
