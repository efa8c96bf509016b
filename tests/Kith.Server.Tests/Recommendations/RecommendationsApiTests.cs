using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;
using Kith.Tests.Shared;
using Xunit;

namespace Kith.Server.Tests.Recommendations;

/// <summary>
/// Issue 9 (serving) through real HTTP on both stores, over a hand-built shop where the answers are obvious:
/// kettles (A) and teapots (B) are always bought together, as are tents (C) and sleeping bags (D); mugs (E) go
/// with kettles too but are out of stock; c7 has bought only a kettle. A is the best seller (4 buyers).
/// </summary>
public class RecommendationsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<RunningKith> StartShopAsync(StoreProvider provider, bool withOrders = true)
    {
        var kith = await RunningKith.StartAsync(provider, scopes: "ingest,read,admin", ct: Ct);
        if (!withOrders)
        {
            await RefreshAsync(kith);
            return kith;
        }

        (string Sku, string Name, string Category, bool InStock)[] products =
        [
            ("A", "Kettle", "Home > Kitchen", true), ("B", "Teapot", "Home > Kitchen", true), ("E", "Mug", "Home > Kitchen", false),
            ("C", "Tent", "Outdoor > Camping", true), ("D", "Sleeping bag", "Outdoor > Camping", true), ("F", "Lantern", "Outdoor > Lights", true),
            ("G", "Gift card", "Gifts", true),
        ];
        foreach (var p in products)
        {
            await PutAsync(kith, $"/api/v1/products/{p.Sku}", $$"""{"name":"{{p.Name}}","categoryPath":"{{p.Category}}","price":10,"inStock":{{(p.InStock ? "true" : "false")}}}""");
        }

        (string Customer, string[] Skus)[] baskets =
        [
            ("c1", ["A", "B", "E"]), ("c2", ["A", "B", "E"]), ("c3", ["A", "B"]),
            ("c4", ["C", "D"]), ("c5", ["C", "D"]), ("c6", ["C", "D", "F"]),
            ("c7", ["A"]),
        ];
        var paidAt = DateTimeOffset.UtcNow.AddDays(-2).ToString("O");
        foreach (var (customer, skus) in baskets)
        {
            await PutAsync(kith, $"/api/v1/customers/{customer}", "{}");
            var lines = string.Join(",", skus.Select(s => $$"""{"sku":"{{s}}","quantity":1,"unitPrice":10}"""));
            await PutAsync(kith, $"/api/v1/orders/o-{customer}",
                $$"""{"customerId":"{{customer}}","status":"paid","placedAt":"{{paidAt}}","paidAt":"{{paidAt}}","total":{{skus.Length * 10}},"lines":[{{lines}}]}""");
        }

        // A cancelled order counts for nothing: were it counted, G would be the best seller.
        foreach (var customer in new[] { "x1", "x2", "x3", "x4", "x5" })
        {
            await PutAsync(kith, $"/api/v1/customers/{customer}", "{}");
            await PutAsync(kith, $"/api/v1/orders/o-{customer}",
                $$"""{"customerId":"{{customer}}","status":"cancelled","placedAt":"{{paidAt}}","paidAt":"{{paidAt}}","cancelledAt":"{{paidAt}}","total":10,"lines":[{"sku":"G","quantity":1,"unitPrice":10}]}""");
        }

        await RefreshAsync(kith);
        return kith;
    }

    private static async Task PutAsync(RunningKith kith, string url, string json)
    {
        var response = await kith.Client.PutAsync(url, Json(json), Ct);
        Assert.True(response.IsSuccessStatusCode, $"PUT {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }

    private static async Task RefreshAsync(RunningKith kith)
    {
        var response = await kith.Client.PostAsync("/api/v1/recommendations/refresh", Json("{}"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonObject> GetAsync(RunningKith kith, string url)
    {
        var response = await kith.Client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    private static List<string> Skus(JsonObject answer) => [.. answer["items"]!.AsArray().Select(i => (string)i!["sku"]!)];

    private static string ReasonOf(JsonObject answer, string sku) =>
        (string)answer["items"]!.AsArray().Single(i => (string)i!["sku"]! == sku)!["reason"]!;

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_product_brings_what_is_bought_with_it_and_never_what_is_out_of_stock(StoreProvider provider)
    {
        await using var kith = await StartShopAsync(provider);

        var kettle = await GetAsync(kith, "/api/v1/recommendations/product/A?k=5");
        var c1 = await GetAsync(kith, "/api/v1/recommendations/customer/c1?k=5");
        var tent = await GetAsync(kith, "/api/v1/recommendations/product/C?k=5");

        Assert.Equal("B", Skus(kettle)[0]);
        Assert.Equal("similar_items", ReasonOf(kettle, "B"));
        Assert.Equal("item-knn", (string)kettle["model"]!);
        Assert.False((bool)kettle["fallback"]!);
        Assert.Equal("ok", (string)kettle["status"]!);
        Assert.Equal("Teapot", (string)kettle["items"]![0]!["name"]!);
        Assert.DoesNotContain("E", Skus(kettle));
        Assert.DoesNotContain("A", Skus(kettle));
        Assert.Equal("D", Skus(tent)[0]);
        Assert.True(Skus(tent).Count <= 5);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_customer_gets_what_goes_with_their_purchases_but_not_what_they_already_bought(StoreProvider provider)
    {
        await using var kith = await StartShopAsync(provider);

        var c7 = await GetAsync(kith, "/api/v1/recommendations/customer/c7?k=10");
        var c1 = await GetAsync(kith, "/api/v1/recommendations/customer/c1?k=10");

        Assert.Equal("B", Skus(c7)[0]);
        Assert.Equal("similar_items", ReasonOf(c7, "B"));
        Assert.False((bool)c7["fallback"]!);
        Assert.Equal("ok", (string)c7["status"]!);
        Assert.DoesNotContain("A", Skus(c7));
        Assert.DoesNotContain("E", Skus(c7));
        Assert.Empty(Skus(c1).Intersect(["A", "B", "E"]));
        Assert.NotEmpty(Skus(c1));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Unknown_customers_and_products_get_the_best_sellers_flagged_as_fallback(StoreProvider provider)
    {
        await using var kith = await StartShopAsync(provider);

        var stranger = await GetAsync(kith, "/api/v1/recommendations/customer/nobody?k=3");
        var unknownProduct = await GetAsync(kith, "/api/v1/recommendations/product/NO-SUCH-SKU?k=3");

        foreach (var answer in new[] { stranger, unknownProduct })
        {
            Assert.True((bool)answer["fallback"]!);
            Assert.Equal("popularity", (string)answer["model"]!);
            Assert.Equal("A", Skus(answer)[0]); // four buyers; G's five orders were cancelled
            Assert.Equal("popular", ReasonOf(answer, "A"));
            Assert.Equal(3, Skus(answer).Count);
            Assert.DoesNotContain("E", Skus(answer));
            Assert.DoesNotContain("G", Skus(answer));
        }

        Assert.Equal("unknown_customer", (string)stranger["status"]!);
        Assert.Equal("unknown_product", (string)unknownProduct["status"]!);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_store_without_orders_answers_an_empty_list_and_says_why(StoreProvider provider)
    {
        await using var kith = await StartShopAsync(provider, withOrders: false);

        var customer = await GetAsync(kith, "/api/v1/recommendations/customer/c1");
        var product = await GetAsync(kith, "/api/v1/recommendations/product/A");

        Assert.Empty(Skus(customer));
        Assert.Equal("no_orders", (string)customer["status"]!);
        Assert.Empty(Skus(product));
        Assert.Equal("no_orders", (string)product["status"]!);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task K_outside_1_to_100_is_a_400_naming_k(StoreProvider provider)
    {
        await using var kith = await StartShopAsync(provider, withOrders: false);

        foreach (var url in new[] { "/api/v1/recommendations/customer/c1?k=0", "/api/v1/recommendations/customer/c1?k=101", "/api/v1/recommendations/product/A?k=0", "/api/v1/recommendations/product/A?k=101" })
        {
            var response = await kith.Client.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
            Assert.NotNull(problem["errors"]!["k"]);
        }

        Assert.Equal(HttpStatusCode.OK, (await kith.Client.GetAsync("/api/v1/recommendations/product/A?k=100", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.GetAsync("/api/v1/recommendations/product/A?k=1", Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Cross_sell_rules_come_first_by_priority_and_go_when_deleted(StoreProvider provider)
    {
        await using var kith = await StartShopAsync(provider);

        await PutAsync(kith, "/api/v1/recommendations/cross-sell-rules/kettle-gift", """{"sku":"A","targets":["G"],"priority":5}""");
        await PutAsync(kith, "/api/v1/recommendations/cross-sell-rules/outdoor-light", """{"category":"Outdoor","targets":["F","E"],"priority":1}""");
        await PutAsync(kith, "/api/v1/recommendations/cross-sell-rules/outdoor-tea", """{"category":"Outdoor","targets":["B"],"priority":9}""");

        var kettle = await GetAsync(kith, "/api/v1/recommendations/product/A");
        var tent = await GetAsync(kith, "/api/v1/recommendations/product/C");
        var c7 = await GetAsync(kith, "/api/v1/recommendations/customer/c7");
        var rules = (await kith.Client.GetFromJsonAsync<JsonArray>("/api/v1/recommendations/cross-sell-rules", Ct))!;

        Assert.Equal(["G", "B"], Skus(kettle).Take(2));
        Assert.Equal("cross_sell", ReasonOf(kettle, "G"));
        Assert.Equal("similar_items", ReasonOf(kettle, "B"));
        // Priority 9 before priority 1; the out-of-stock mug is dropped; then the tent's own neighbour.
        Assert.Equal(["B", "F", "D"], Skus(tent).Take(3));
        Assert.Equal("cross_sell", ReasonOf(tent, "F"));
        Assert.DoesNotContain("E", Skus(tent));
        Assert.Equal("G", Skus(c7)[0]);
        Assert.Equal("cross_sell", ReasonOf(c7, "G"));
        Assert.Equal(["outdoor-tea", "kettle-gift", "outdoor-light"], rules.Select(r => (string)r!["name"]!));

        Assert.Equal(HttpStatusCode.NoContent, (await kith.Client.DeleteAsync("/api/v1/recommendations/cross-sell-rules/kettle-gift", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kith.Client.DeleteAsync("/api/v1/recommendations/cross-sell-rules/kettle-gift", Ct)).StatusCode);
        Assert.Equal("B", Skus(await GetAsync(kith, "/api/v1/recommendations/product/A"))[0]);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_rule_with_two_triggers_or_no_targets_is_refused_by_field(StoreProvider provider)
    {
        await using var kith = await StartShopAsync(provider, withOrders: false);

        var both = await kith.Client.PutAsync("/api/v1/recommendations/cross-sell-rules/r1", Json("""{"sku":"A","category":"Home","targets":["B"]}"""), Ct);
        var none = await kith.Client.PutAsync("/api/v1/recommendations/cross-sell-rules/r1", Json("""{"sku":"A","targets":[]}"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.NotNull((await both.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["sku"]);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.NotNull((await none.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["targets"]);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_view_posted_now_shifts_the_next_recommendation_without_a_retrain(StoreProvider provider)
    {
        await using var kith = await StartShopAsync(provider);
        Assert.Equal("B", Skus(await GetAsync(kith, "/api/v1/recommendations/customer/c7"))[0]);

        var view = $$"""{"eventId":"view-c7-tent","type":"view_product","customerId":"c7","sku":"C","occurredAt":"{{DateTimeOffset.UtcNow.AddMinutes(-1):O}}"}""";
        var posted = await kith.Client.PostAsync("/api/v1/events", Json(view), Ct);
        Assert.True(posted.IsSuccessStatusCode);

        var after = await GetAsync(kith, "/api/v1/recommendations/customer/c7");
        Assert.Equal("D", Skus(after)[0]);
        Assert.Equal("recently_viewed", ReasonOf(after, "D"));
        Assert.Contains("B", Skus(after));
        Assert.False((bool)after["fallback"]!);

        // The page in view works the same way, without any event.
        var withContext = await GetAsync(kith, "/api/v1/recommendations/customer/c3?context=C");
        Assert.Equal("D", Skus(withContext)[0]);
        Assert.DoesNotContain("C", Skus(withContext));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task New_orders_count_after_a_retrain_and_until_then_the_previous_models_serve(StoreProvider provider)
    {
        await using var kith = await StartShopAsync(provider);
        var paidAt = DateTimeOffset.UtcNow.AddDays(-1).ToString("O");
        foreach (var customer in new[] { "n1", "n2", "n3" })
        {
            await PutAsync(kith, $"/api/v1/customers/{customer}", "{}");
            await PutAsync(kith, $"/api/v1/orders/o-{customer}",
                $$"""{"customerId":"{{customer}}","status":"paid","placedAt":"{{paidAt}}","paidAt":"{{paidAt}}","total":20,"lines":[{"sku":"F","quantity":1,"unitPrice":10},{"sku":"G","quantity":1,"unitPrice":10}]}""");
        }

        var before = await GetAsync(kith, "/api/v1/recommendations/product/F");
        await RefreshAsync(kith);
        var after = await GetAsync(kith, "/api/v1/recommendations/product/F");

        // Before: the lantern's only buyer (c6) also bought the tent and the sleeping bag; the gift card was never paid for.
        Assert.Contains(Skus(before)[0], new[] { "C", "D" });
        Assert.Equal("similar_items", ReasonOf(before, Skus(before)[0]));
        Assert.NotEqual("G", Skus(before)[0]);
        // After: three of the lantern's four buyers took a gift card with it.
        Assert.Equal("G", Skus(after)[0]);
        Assert.Equal("similar_items", ReasonOf(after, "G"));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_product_restricted_to_a_tier_is_shown_only_to_members_at_that_tier_or_above_and_a_consumable_is_offered_again(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, scopes: "ingest,read,admin", ct: Ct);
        await PutAsync(kith, "/api/v1/products/A", """{"name":"Kettle","price":10,"inStock":true}""");
        await PutAsync(kith, "/api/v1/products/B", """{"name":"Tea leaves","price":10,"inStock":true,"attributes":{"consumable":true}}""");
        await PutAsync(kith, "/api/v1/products/P", """{"name":"Gold teapot","price":99,"inStock":true,"attributes":{"min_tier_rank":2}}""");
        var paidAt = DateTimeOffset.UtcNow.AddDays(-2).ToString("O");
        foreach (var (customer, skus) in new[] { ("c1", "A,P,B"), ("c2", "A,P,B"), ("c3", "A,P"), ("silver", "A"), ("gold", "A") })
        {
            await PutAsync(kith, $"/api/v1/customers/{customer}", "{}");
            var lines = string.Join(",", skus.Split(',').Select(s => $$"""{"sku":"{{s}}","quantity":1,"unitPrice":10}"""));
            await PutAsync(kith, $"/api/v1/orders/o-{customer}",
                $$"""{"customerId":"{{customer}}","status":"paid","placedAt":"{{paidAt}}","paidAt":"{{paidAt}}","total":30,"lines":[{{lines}}]}""");
        }

        // The order hook evaluates tiers as orders arrive: let it finish, then make two of the buyers paid members
        // (a paid membership holds its rank whatever the spend).
        await using (var db = kith.Store.CreateContext())
        {
            for (var wait = 0; await db.LoyaltyInbox.AnyAsync(Ct); wait++)
            {
                Assert.True(wait < 600, "the loyalty inbox was not drained");
                await Task.Delay(100, Ct);
            }

            var now = DateTimeOffset.UtcNow;
            foreach (var (customer, rank) in new[] { ("silver", 1), ("gold", 2) })
            {
                var id = await db.Customers.Where(c => c.ExternalId == customer).Select(c => c.Id).SingleAsync(Ct);
                var row = await db.CustomerTiers.SingleOrDefaultAsync(t => t.CustomerId == id, Ct);
                if (row is null)
                {
                    db.CustomerTiers.Add(row = new Kith.Data.Loyalty.CustomerTierRow { CustomerId = id, Since = now, ReviewAt = now.AddYears(1) });
                }

                row.Rank = rank;
                row.PaidUntil = now.AddYears(1);
                row.UpdatedAt = now;
            }

            await db.SaveChangesAsync(Ct);
        }

        await RefreshAsync(kith);
        var silver = await GetAsync(kith, "/api/v1/recommendations/customer/silver?k=5");
        var gold = await GetAsync(kith, "/api/v1/recommendations/customer/gold?k=5");
        var kettle = await GetAsync(kith, "/api/v1/recommendations/product/A?k=5");
        var c1 = await GetAsync(kith, "/api/v1/recommendations/customer/c1?k=5");

        // The gold teapot goes with the kettle more often than the tea leaves (3 buyers against 2).
        Assert.Equal("P", Skus(gold)[0]);
        Assert.Equal("similar_items", ReasonOf(gold, "P"));
        Assert.Equal("B", Skus(silver)[0]);
        Assert.DoesNotContain("P", Skus(silver));
        Assert.Equal(["B"], Skus(kettle));
        // c1 bought all three: the kettle is not offered again, the gold teapot is above c1's tier, the tea runs out.
        Assert.Equal(["B"], Skus(c1));
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_recommendation_paths()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);

        var doc = JsonNode.Parse(await kith.Anonymous().GetStringAsync("/openapi/v1.json", Ct))!;
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Contains("/api/v1/recommendations/customer/{customerId}", paths);
        Assert.Contains("/api/v1/recommendations/product/{sku}", paths);
        Assert.Contains("/api/v1/recommendations/cross-sell-rules/{name}", paths);
        Assert.Contains("/api/v1/recommendations/refresh", paths);
    }
}
