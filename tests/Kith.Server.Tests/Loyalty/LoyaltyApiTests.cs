using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kith.Core.Ingestion;
using Kith.Core.Orders;
using Kith.Data.Access;
using Kith.Data.Ingestion;
using Kith.Data.Loyalty;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Server.Tests.Loyalty;

/// <summary>
/// Issue 8 through real HTTP on both stores: a checkout validating and redeeming a "满300减50" coupon, orders that
/// arrive with the code and are then refunded, points, tiers and referrals — and bad input named by field.
/// </summary>
public class LoyaltyApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<HttpClient> CheckoutClientAsync(RunningKith kith)
    {
        var key = await new ApiKeyStore(kith.Store, TimeProvider.System).CreateAsync("checkout", ["checkout"], Ct);
        var client = new HttpClient { BaseAddress = kith.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        return client;
    }

    private static async Task SetUpStoreAsync(RunningKith kith, params string[] customers)
    {
        foreach (var c in customers)
        {
            Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync($"/api/v1/customers/{c}", Json("{}"), Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/products/SHOE-1", Json("""{"name":"Runner","categoryPath":"Sports > Shoes"}"""), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/products/GIFT-1", Json("""{"name":"Gift card","categoryPath":"Gift cards"}"""), Ct)).StatusCode);
    }

    private static async Task<long> CreateThresholdOfferAsync(RunningKith kith, string extra = "")
    {
        var created = await kith.Client.PostAsync("/api/v1/coupons/templates",
            Json($$"""{"name":"满300减50","kind":"threshold","currency":"CNY","minSpend":300,"amountOff":50,"excludeCategories":["Gift cards"]{{extra}}}"""), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (long)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    private static async Task<string> CodeOfAsync(KithStore store, string customer)
    {
        await using var db = store.CreateContext();
        return await db.CouponCodes.Join(db.Customers, c => c.CustomerId, c => c.Id, (code, c) => new { code.Code, c.ExternalId })
            .Where(x => x.ExternalId == customer).Select(x => x.Code).SingleAsync(Ct);
    }

    private static string Cart(string customer, string code, string order, decimal shoes, decimal gift = 0) =>
        $$"""{"customerId":"{{customer}}","code":"{{code}}","orderId":"{{order}}","currency":"CNY","shipping":10,"lines":[{"sku":"SHOE-1","category":"Sports > Shoes","unitPrice":{{shoes}},"quantity":1}{{(gift > 0 ? $$""",{"sku":"GIFT-1","category":"Gift cards","unitPrice":{{gift}},"quantity":1}""" : "")}}]}""";

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string url, string json, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(json) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!);
    }

    private static string Redeem(string action, string cart) => cart.Insert(1, $"\"action\":\"{action}\",");

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_checkout_validates_reserves_and_commits_a_300_off_50_coupon_with_distinct_reasons_for_refusals(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, scopes: "ingest,admin", ct: Ct);
        await SetUpStoreAsync(kith, "c1", "c2");
        var offer = await CreateThresholdOfferAsync(kith);
        var issued = await kith.Client.PostAsync($"/api/v1/coupons/templates/{offer}/issue", Json("""{"customerIds":["c1","c2"]}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var code = await CodeOfAsync(kith.Store, "c1");
        var checkout = await CheckoutClientAsync(kith);

        // Validate: below threshold (the gift card is out of scope), on the threshold, another customer's code, unknown code.
        var below = await PostAsync(checkout, "/api/v1/coupons/validate", Cart("c1", code, "o1", 280m, gift: 100m));
        var exact = await PostAsync(checkout, "/api/v1/coupons/validate", Cart("c1", code, "o1", 300m, gift: 100m));
        var other = await PostAsync(checkout, "/api/v1/coupons/validate", Cart("c2", code, "o1", 300m));
        var unknown = await PostAsync(checkout, "/api/v1/coupons/validate", Cart("c1", "NOPE", "o1", 300m));
        Assert.Equal((HttpStatusCode.OK, false, "below_threshold"), (below.Status, (bool)below.Body["ok"]!, (string?)below.Body["reason"]));
        Assert.Equal((true, 50m, 5000L), ((bool)exact.Body["ok"]!, (decimal)exact.Body["discount"]!, (long)exact.Body["discountMinor"]!));
        Assert.Equal("not_your_coupon", (string?)other.Body["reason"]);
        Assert.Equal("unknown_code", (string?)unknown.Body["reason"]);

        // Reserve (replayed with the same key: same answer), commit, then a second order cannot use it.
        var reserve = await PostAsync(checkout, "/api/v1/coupons/redeem", Redeem("reserve", Cart("c1", code, "o1", 320m)), key: "o1-reserve");
        var replay = await PostAsync(checkout, "/api/v1/coupons/redeem", Redeem("reserve", Cart("c1", code, "o1", 320m)), key: "o1-reserve");
        var commit = await PostAsync(checkout, "/api/v1/coupons/redeem", """{"action":"commit","code":"CODE","orderId":"o1"}""".Replace("CODE", code, StringComparison.Ordinal));
        var again = await PostAsync(checkout, "/api/v1/coupons/redeem", Redeem("reserve", Cart("c1", code, "o2", 320m)));
        Assert.Equal(HttpStatusCode.OK, reserve.Status);
        Assert.Equal(reserve.Body.ToJsonString(), replay.Body.ToJsonString());
        Assert.Equal((HttpStatusCode.OK, "committed"), (commit.Status, (string?)commit.Body["status"]));
        Assert.Equal((HttpStatusCode.Conflict, "already_used"), (again.Status, (string?)again.Body["reason"]));

        // Bad input names the field; the checkout key cannot create offers.
        var badMoney = await checkout.PostAsync("/api/v1/coupons/validate", Json(Cart("c1", code, "o3", 300.001m)), Ct);
        var badCurrency = await checkout.PostAsync("/api/v1/coupons/validate", Json(Cart("c1", code, "o3", 300m).Replace("CNY", "XXX", StringComparison.Ordinal)), Ct);
        var badAction = await checkout.PostAsync("/api/v1/coupons/redeem", Json(Cart("c1", code, "o3", 300m)), Ct);
        var badOffer = await kith.Client.PostAsync("/api/v1/coupons/templates", Json("""{"name":"x","kind":"threshold","minSpend":300,"amountOff":50.001}"""), Ct);
        var forbidden = await checkout.PostAsync("/api/v1/coupons/templates", Json("""{"name":"y","kind":"fixed_amount","amountOff":5}"""), Ct);
        Assert.Contains("lines[0].unitPrice", await badMoney.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("\"currency\"", await badCurrency.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("\"action\"", await badAction.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("\"amountOff\"", await badOffer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.All(new[] { badMoney, badCurrency, badAction, badOffer }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        for (var i = 0; i < 200; i++)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(50, Ct);
        }

        return await read();
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Orders_that_arrive_with_a_code_redeem_it_earn_pending_points_raise_the_tier_and_a_refund_reverses_both(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, scopes: "ingest,admin", ct: Ct);
        await SetUpStoreAsync(kith, "c1");
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/loyalty/tier-scheme", Json("""
            {"currency":"CNY","windowDays":365,"reviewMonths":12,"levels":[
              {"rank":0,"name":"Member","minSpendMinor":0,"minOrders":0,"minPoints":0,"benefits":{}},
              {"rank":1,"name":"Gold","minSpendMinor":30000,"minOrders":0,"minPoints":0,"benefits":{"freeShipping":true}}]}
            """), Ct)).StatusCode);
        var offer = await CreateThresholdOfferAsync(kith);
        await kith.Client.PostAsync($"/api/v1/coupons/templates/{offer}/issue", Json("""{"customerIds":["c1"]}"""), Ct);
        var code = await CodeOfAsync(kith.Store, "c1");

        // No reservation by a checkout: the order itself carries the code. Goods 2 × 199 = 398, 50 off, shipping 10: paid 358.
        var paidAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O");
        var order = $$"""{"customerId":"c1","status":"paid","placedAt":"{{paidAt}}","paidAt":"{{paidAt}}","couponCode":"{{code.ToLowerInvariant()}}","discount":50,"shippingFee":10,"total":358,"lines":[{"sku":"SHOE-1","quantity":2,"unitPrice":199.00}]}""";
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/orders/T1", Json(order), Ct)).StatusCode);

        async Task<(string? Status, long Pending, long Usable, int? Rank)> StateAsync()
        {
            await using var db = kith.Store.CreateContext();
            var status = await db.CouponRedemptions.Where(r => r.OrderRef == "T1").Select(r => r.Status).SingleOrDefaultAsync(Ct);
            var points = await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/customers/c1/points", Ct);
            var rank = await db.CustomerTiers.Select(t => (int?)t.Rank).SingleOrDefaultAsync(Ct);
            return (status, (long)points!["pending"]!, (long)points["usable"]!, rank);
        }

        var paid = await EventuallyAsync(StateAsync, s => s.Status == CouponRedemptionRow.Committed && s.Pending > 0 && s.Rank == 1);
        // 1 point per CNY of goods (total − shipping = 348), pending for the 7-day return window; spend 348 ≥ 300 → Gold.
        Assert.Equal((CouponRedemptionRow.Committed, 348L, 0L, (int?)1), paid);
        var tier = await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/customers/c1/tier", Ct);
        Assert.Equal(("Gold", true), ((string)tier!["name"]!, (bool)tier["benefits"]!["freeShipping"]!));

        // The same order sent again changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/orders/T1", Json(order.Replace("\"total\":358", "\"total\":358.00", StringComparison.Ordinal)), Ct)).StatusCode);

        // Half refunded: half the points go (174); fully refunded: all points and the coupon's use are reversed.
        var half = order.Replace("\"status\":\"paid\"", $"\"status\":\"partially_refunded\",\"refundedAt\":\"{paidAt}\",\"refundedAmount\":174", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/orders/T1", Json(half), Ct)).StatusCode);
        var afterHalf = await EventuallyAsync(StateAsync, s => s.Pending == 174);
        Assert.Equal(174, afterHalf.Pending);
        var full = order.Replace("\"status\":\"paid\"", $"\"status\":\"refunded\",\"refundedAt\":\"{paidAt}\",\"refundedAmount\":358", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/orders/T1", Json(full), Ct)).StatusCode);
        var refunded = await EventuallyAsync(StateAsync, s => s.Status == CouponRedemptionRow.Reversed && s.Pending == 0);
        Assert.Equal((CouponRedemptionRow.Reversed, 0L, 0L), (refunded.Status, refunded.Pending, refunded.Usable));

        await using var check = kith.Store.CreateContext();
        var entries = await check.PointsEntries.OrderBy(e => e.Id).Select(e => e.Points).ToListAsync(Ct);
        Assert.Equal([348L, -174L, -174L], entries);
        Assert.Equal(0, await check.CouponCodes.Select(c => c.Uses).SingleAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_paused_offer_refuses_new_checkouts_lets_a_held_reservation_commit_and_works_again_when_resumed(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, scopes: "ingest,admin", ct: Ct);
        await SetUpStoreAsync(kith, "c1", "c2");
        var offer = await CreateThresholdOfferAsync(kith);
        await kith.Client.PostAsync($"/api/v1/coupons/templates/{offer}/issue", Json("""{"customerIds":["c1","c2"]}"""), Ct);
        var (code1, code2) = (await CodeOfAsync(kith.Store, "c1"), await CodeOfAsync(kith.Store, "c2"));
        var checkout = await CheckoutClientAsync(kith);
        Assert.True((bool)(await PostAsync(checkout, "/api/v1/coupons/redeem", Redeem("reserve", Cart("c1", code1, "p1", 320m)))).Body["ok"]!);

        var paused = await kith.Client.PostAsync($"/api/v1/coupons/templates/{offer}/pause", null, Ct);
        Assert.Equal("paused", (string?)(await paused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["status"]);
        var refused = await PostAsync(checkout, "/api/v1/coupons/validate", Cart("c2", code2, "p2", 320m));
        Assert.Equal((false, "template_paused"), ((bool)refused.Body["ok"]!, (string?)refused.Body["reason"]));
        var held = await PostAsync(checkout, "/api/v1/coupons/redeem", """{"action":"commit","code":"CODE","orderId":"p1"}""".Replace("CODE", code1, StringComparison.Ordinal));
        Assert.Equal("committed", (string?)held.Body["status"]);

        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PostAsync($"/api/v1/coupons/templates/{offer}/resume", null, Ct)).StatusCode);
        Assert.True((bool)(await PostAsync(checkout, "/api/v1/coupons/validate", Cart("c2", code2, "p2", 320m))).Body["ok"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await kith.Client.PostAsync("/api/v1/coupons/templates/999999/pause", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await checkout.PostAsync($"/api/v1/coupons/templates/{offer}/pause", null, Ct)).StatusCode);

        await using var db = kith.Store.CreateContext();
        var audited = await db.AuditLog.Where(a => a.Target == $"coupon_offer:{offer}").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(Ct);
        Assert.Equal(["coupon.offer_paused", "coupon.offer_resumed"], audited);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task An_order_accepted_just_before_a_restart_is_applied_to_loyalty_after_it_and_a_refused_batch_queues_nothing(StoreProvider provider)
    {
        KithStore store;
        string code;
        await using (var before = await RunningKith.StartAsync(provider, scopes: "ingest,admin", ct: Ct))
        {
            await SetUpStoreAsync(before, "c1");
            var offer = await CreateThresholdOfferAsync(before);
            await before.Client.PostAsync($"/api/v1/coupons/templates/{offer}/issue", Json("""{"customerIds":["c1"]}"""), Ct);
            code = await CodeOfAsync(before.Store, "c1");
            store = before.Store;
        }

        // The API's write, then a crash before the order was processed: the order and its inbox row commit together.
        var paidAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        await using (var session = await IngestSession.BeginAsync(store, TimeProvider.System, "CNY", Ct))
        {
            var input = new OrderInput
            {
                ExternalId = "R1", CustomerId = "c1", Status = OrderStatus.Paid, PlacedAt = paidAt, PaidAt = paidAt, CouponCode = code, Discount = 50, Total = 348,
                Lines = [new OrderLineInput { Sku = "SHOE-1", Quantity = 2, UnitPrice = 199.00m }],
            };
            Assert.Empty((await session.UpsertOrdersAsync([new IngestItem<OrderInput>(0, input)], Ct)).Errors);
            await session.QueueForLoyaltyAsync(["R1"], Ct);
            await session.CommitAsync(Ct);
        }

        await using (var db = store.CreateContext())
        {
            Assert.Equal(["R1"], await db.LoyaltyInbox.Select(r => r.OrderRef).ToListAsync(Ct));
            Assert.False(await db.CouponRedemptions.AnyAsync(Ct));
        }

        await using var after = await RunningKith.StartOnAsync(store, scopes: "ingest,read", ct: Ct);
        async Task<(string? Status, long Pending, int Waiting)> StateAsync()
        {
            await using var db = store.CreateContext();
            var status = await db.CouponRedemptions.Where(r => r.OrderRef == "R1").Select(r => r.Status).SingleOrDefaultAsync(Ct);
            var pending = await db.PointsEntries.SumAsync(e => e.Points, Ct);
            return (status, pending, await db.LoyaltyInbox.CountAsync(Ct));
        }

        // Goods 2 × 199 = 398 ≥ 300: the code is committed, and 348 points (total − shipping) are pending.
        Assert.Equal((CouponRedemptionRow.Committed, 348L, 0), await EventuallyAsync(StateAsync, s => s.Status is not null && s.Waiting == 0));

        // A batch refused for one bad item writes neither its good orders nor their inbox rows.
        var refused = await after.Client.PostAsync("/api/v1/orders/batch", Json($$"""
            {"items":[{"externalId":"R2","customerId":"c1","status":"paid","placedAt":"{{paidAt:O}}","paidAt":"{{paidAt:O}}","total":10},
                      {"externalId":"R3","customerId":"c1","status":"paid","placedAt":"{{paidAt:O}}","total":-1}]}
            """), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await using var check = store.CreateContext();
        Assert.Equal(0, await check.LoyaltyInbox.CountAsync(Ct));
        Assert.False(await check.Orders.AnyAsync(o => o.ExternalId == "R2", Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Points_behaviours_are_capped_per_day_and_a_referral_rewards_both_once_when_the_friends_first_order_completes(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, scopes: "ingest,admin", ct: Ct);
        await SetUpStoreAsync(kith, "alice", "bob", "carol");
        var checkout = await CheckoutClientAsync(kith);

        var first = await PostAsync(checkout, "/api/v1/customers/alice/points/earn", """{"source":"sign_in"}""");
        var second = await PostAsync(checkout, "/api/v1/customers/alice/points/earn", """{"source":"sign_in"}""");
        var tooMuch = await PostAsync(checkout, "/api/v1/customers/alice/points/redeem", """{"points":6}""");
        var noSource = await checkout.PostAsync("/api/v1/customers/alice/points/earn", Json("""{"points":5}"""), Ct);
        Assert.Equal((HttpStatusCode.OK, 5L), (first.Status, (long)first.Body["points"]!));
        Assert.Equal((HttpStatusCode.Conflict, "daily_cap_reached"), (second.Status, (string?)second.Body["reason"]));
        Assert.Equal((HttpStatusCode.Conflict, "insufficient_points"), (tooMuch.Status, (string?)tooMuch.Body["reason"]));
        Assert.Contains("\"source\"", await noSource.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var invite = await PostAsync(checkout, "/api/v1/customers/alice/referral-code", "{}");
        var aliceCode = (string)invite.Body["code"]!;
        var bobCode = (string)(await PostAsync(checkout, "/api/v1/customers/bob/referral-code", "{}")).Body["code"]!;
        var accepted = await PostAsync(checkout, "/api/v1/referrals", $$"""{"code":"{{aliceCode}}","friendId":"bob"}""");
        var self = await PostAsync(checkout, "/api/v1/referrals", $$"""{"code":"{{aliceCode}}","friendId":"alice"}""");
        var cycle = await PostAsync(checkout, "/api/v1/referrals", $$"""{"code":"{{bobCode}}","friendId":"alice"}""");
        var twice = await PostAsync(checkout, "/api/v1/referrals", $$"""{"code":"{{bobCode}}","friendId":"bob"}""");
        Assert.True((bool)accepted.Body["ok"]!);
        Assert.Equal(["self_referral", "cycle", "self_referral"], new[] { self, cycle, twice }.Select(r => (string)r.Body["reason"]!));
        var carolAccepts = await PostAsync(checkout, "/api/v1/referrals", $$"""{"code":"{{aliceCode}}","friendId":"carol"}""");
        var carolAgain = await PostAsync(checkout, "/api/v1/referrals", $$"""{"code":"{{bobCode}}","friendId":"carol"}""");
        Assert.True((bool)carolAccepts.Body["ok"]!);
        Assert.Equal("already_referred", (string?)carolAgain.Body["reason"]);

        // Bob's first order is placed and paid: no reward yet. It completes: both get the referral points (200), once.
        var at = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        var paid = $$"""{"customerId":"bob","status":"paid","placedAt":"{{at}}","paidAt":"{{at}}","total":99,"lines":[{"sku":"SHOE-1","quantity":1,"unitPrice":99}]}""";
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/orders/B1", Json(paid), Ct)).StatusCode);
        async Task<long> ReferralPointsAsync(string who)
        {
            await using var db = kith.Store.CreateContext();
            return await db.PointsEntries.Join(db.Customers, e => e.CustomerId, c => c.Id, (e, c) => new { e, c.ExternalId })
                .Where(x => x.ExternalId == who && x.e.Source == Kith.Core.Loyalty.Points.PointsSource.Referral).SumAsync(x => x.e.Points, Ct);
        }

        // Wait until the paid order has been processed (its 99 order points are pending): still no referral reward.
        var pending = await EventuallyAsync(async () => (long)(await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/customers/bob/points", Ct))!["pending"]!, p => p == 99);
        Assert.Equal(99, pending);
        Assert.Equal(0, await ReferralPointsAsync("alice"));
        var completed = paid.Replace("\"status\":\"paid\"", $"\"status\":\"completed\",\"completedAt\":\"{DateTimeOffset.UtcNow:O}\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/orders/B1", Json(completed), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/orders/B1", Json(completed), Ct)).StatusCode);
        async Task<(long Alice, long Bob, string? Status)> ReferralStateAsync()
        {
            await using var db = kith.Store.CreateContext();
            var status = await db.Referrals.Where(r => r.OrderRef == "B1").Select(r => r.Status).SingleOrDefaultAsync(Ct);
            return (await ReferralPointsAsync("alice"), await ReferralPointsAsync("bob"), status);
        }

        Assert.Equal((200L, 200L, ReferralRow.Rewarded), await EventuallyAsync(ReferralStateAsync, s => s.Status == ReferralRow.Rewarded));
    }
}
