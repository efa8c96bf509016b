using Kith.Core.Loyalty.Coupons;
using Kith.Data.Loyalty;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kith.Data.Tests.Loyalty;

/// <summary>Issue 8's bad-input list: each kind of unusable code gets its own reason, on both stores.</summary>
public class CouponRefusalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Expired_not_yet_valid_wrong_scope_below_threshold_already_used_and_unknown_codes_each_get_their_own_reason(StoreProvider provider)
    {
        var store = await LoyaltyStore.CreateAsync(provider, 3, Ct);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero));
        var issuer = new CouponIssuer(store, clock);
        async Task<string> OfferAsync(string name, DateTimeOffset from, DateTimeOffset to, List<string>? categories = null, int? perCustomer = null)
        {
            var draft = LoyaltyStore.ThresholdOffer(name);
            (draft.ValidFrom, draft.ValidTo, draft.IncludeCategories, draft.PerCustomerLimit) = (from, to, categories ?? [], perCustomer);
            var offer = await LoyaltyStore.CreateOfferAsync(store, draft, Ct);
            return (await issuer.CreateSharedCodeAsync(offer.Id, name.Replace(' ', '-'), 100, Ct)).Code;
        }

        var now = clock.GetUtcNow();
        var expired = await OfferAsync("old one", now.AddDays(-30), now.AddDays(-1));
        var future = await OfferAsync("double twelve", now.AddDays(30), now.AddDays(31));
        var shoesOnly = await OfferAsync("shoes only", now.AddDays(-1), now.AddDays(1), ["Sports > Shoes"]);
        var oncePerCustomer = await OfferAsync("once", now.AddDays(-1), now.AddDays(1), perCustomer: 1);
        var coupons = new CouponRedemptions(store, clock);
        async Task<string?> ReasonAsync(string code, long goods = 300_00, string category = "Home", string customer = "c1") =>
            (await coupons.ValidateAsync(new CouponCheckout(customer, code, "o-" + code, LoyaltyStore.Cart(goods, category: category)), Ct)).Reason;

        Assert.Equal("expired", await ReasonAsync(expired));
        Assert.Equal("not_yet_valid", await ReasonAsync(future));
        Assert.Equal("wrong_scope", await ReasonAsync(shoesOnly));
        Assert.Null(await ReasonAsync(shoesOnly, category: "Sports > Shoes > Running"));
        Assert.Equal("below_threshold", await ReasonAsync(shoesOnly, goods: 299_99, category: "Sports > Shoes"));
        Assert.Equal("unknown_code", await ReasonAsync("NO-SUCH-CODE"));
        Assert.Equal("unknown_customer", await ReasonAsync(oncePerCustomer, customer: "nobody"));
        Assert.Equal("currency_mismatch", (await coupons.ValidateAsync(new CouponCheckout("c1", oncePerCustomer, "o", LoyaltyStore.Cart(300_00) with { Currency = "USD" }), Ct)).Reason);

        Assert.True((await coupons.ReserveAsync(new CouponCheckout("c1", oncePerCustomer, "first", LoyaltyStore.Cart(300_00)), null, null, Ct)).Ok);
        Assert.Equal("customer_limit_reached", (await coupons.ReserveAsync(new CouponCheckout("c1", oncePerCustomer, "second", LoyaltyStore.Cart(300_00)), null, null, Ct)).Reason);
        Assert.True((await coupons.ReserveAsync(new CouponCheckout("c2", oncePerCustomer, "third", LoyaltyStore.Cart(300_00)), null, null, Ct)).Ok);

        // A single-use code: used once, then already_used.
        var singleDraft = LoyaltyStore.ThresholdOffer("single");
        (singleDraft.ValidFrom, singleDraft.ValidTo) = (now.AddDays(-1), now.AddDays(1));
        var single = await LoyaltyStore.CreateOfferAsync(store, singleDraft, Ct);
        await issuer.GenerateAsync(single.Id, 1, "one", null, null, Ct);
        string code;
        await using (var db = store.CreateContext())
        {
            code = await db.CouponCodes.Where(c => c.TemplateId == single.Id).Select(c => c.Code).SingleAsync(Ct);
        }

        Assert.True((await coupons.ReserveAsync(new CouponCheckout("c1", code, "x1", LoyaltyStore.Cart(300_00)), null, null, Ct)).Ok);
        Assert.Equal("already_used", await ReasonAsync(code, customer: "c3"));

        // Every reason has its own wire code and sentence.
        var all = Enum.GetValues<CouponRefusal>();
        Assert.Equal(all.Length, all.Select(r => r.Code()).Distinct().Count());
        Assert.Equal(all.Length, all.Select(r => r.Describe()).Distinct().Count());
    }
}
