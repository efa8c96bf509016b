using Kith.Core.Loyalty.Coupons;
using Kith.Data.Loyalty;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Data.Tests.Loyalty;

/// <summary>
/// Issue 8's reliability list for coupons, on both stores: racing checkouts on one code, a budget under a race,
/// replays of one idempotency key, and refund reversals that race. Every race starts its tasks behind one gate so
/// that they really overlap.
/// </summary>
[Collection(LoyaltyStore.Races)]
public class CouponRaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<T[]> RaceAsync<T>(int n, Func<int, Task<T>> run)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, n).Select(i => Task.Run(async () => { await gate.Task; return await run(i); })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Sixty_four_checkouts_racing_for_one_single_use_code_give_one_success_and_sixty_three_clear_refusals(StoreProvider provider)
    {
        var store = await LoyaltyStore.CreateAsync(provider, 64, Ct);
        var offer = await LoyaltyStore.CreateOfferAsync(store, LoyaltyStore.ThresholdOffer(), Ct);
        await new CouponIssuer(store, TimeProvider.System).GenerateAsync(offer.Id, 1, "race", null, null, Ct);
        string code;
        await using (var db = store.CreateContext())
        {
            code = await db.CouponCodes.Select(c => c.Code).SingleAsync(Ct);
        }

        var coupons = new CouponRedemptions(store, TimeProvider.System);
        var results = await RaceAsync(64, i => coupons.ReserveAsync(new CouponCheckout($"c{i + 1}", code, $"order-{i}", LoyaltyStore.Cart(399_00)), null, $"k-{i}", Ct));

        Assert.Single(results, r => r.Ok);
        Assert.Equal(63, results.Count(r => !r.Ok));
        Assert.All(results.Where(r => !r.Ok), r => Assert.Equal("already_used", r.Reason));
        Assert.Equal(50_00, results.Single(r => r.Ok).DiscountMinor);

        // The winner commits; racing commits of all 64 orders still leave exactly one use.
        var commits = await RaceAsync(64, i => coupons.CommitAsync(code, $"order-{i}", null, Ct));
        Assert.Single(commits, c => c.Ok);
        await using var check = store.CreateContext();
        Assert.Equal(1, await check.CouponRedemptions.CountAsync(Ct));
        Assert.Equal(1, await check.CouponRedemptions.CountAsync(r => r.Status == CouponRedemptionRow.Committed, Ct));
        Assert.Equal(1, await check.CouponCodes.Select(c => c.Uses).SingleAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_budget_reached_under_a_race_is_never_exceeded(StoreProvider provider)
    {
        var store = await LoyaltyStore.CreateAsync(provider, 100, Ct);
        // 1,020 CNY allows 20 discounts of 50 CNY (the 21st would make 1,050).
        var draft = LoyaltyStore.ThresholdOffer();
        draft.BudgetMinor = 1020_00;
        var offer = await LoyaltyStore.CreateOfferAsync(store, draft, Ct);

        await new CouponIssuer(store, TimeProvider.System).CreateSharedCodeAsync(offer.Id, "DOUBLE11", 10_000, Ct);
        var coupons = new CouponRedemptions(store, TimeProvider.System);
        var results = await RaceAsync(100, i => coupons.ReserveAsync(new CouponCheckout($"c{i + 1}", "double11", $"order-{i}", LoyaltyStore.Cart(300_00)), null, null, Ct));

        Assert.Equal(20, results.Count(r => r.Ok));
        Assert.All(results.Where(r => !r.Ok), r => Assert.Equal("budget_exhausted", r.Reason));
        await using var check = store.CreateContext();
        var used = await check.CouponTemplates.Where(t => t.Id == offer.Id).Select(t => t.BudgetUsedMinor).SingleAsync(Ct);
        var held = await check.CouponRedemptions.SumAsync(r => r.DiscountMinor, Ct);
        Assert.Equal(20 * 50_00, used);
        Assert.Equal(used, held);
        Assert.Equal(20, await check.CouponCodes.Select(c => c.Uses).SingleAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Replays_of_one_idempotency_key_return_the_same_answer_and_reserve_once(StoreProvider provider)
    {
        var store = await LoyaltyStore.CreateAsync(provider, 2, Ct);
        var offer = await LoyaltyStore.CreateOfferAsync(store, LoyaltyStore.ThresholdOffer(), Ct);
        await new CouponIssuer(store, TimeProvider.System).CreateSharedCodeAsync(offer.Id, "TEN", 10, Ct);
        var coupons = new CouponRedemptions(store, TimeProvider.System);
        var checkout = new CouponCheckout("c1", "TEN", "order-1", LoyaltyStore.Cart(320_00));

        var racing = await RaceAsync(16, _ => coupons.ReserveAsync(checkout, null, "checkout-1", Ct));
        var later = await coupons.ReserveAsync(checkout, null, "checkout-1", Ct);

        Assert.All(racing.Append(later), r => Assert.Equal(racing[0], r));
        Assert.True(racing[0].Ok);
        await using var check = store.CreateContext();
        Assert.Equal(1, await check.CouponRedemptions.CountAsync(Ct));
        Assert.Equal(1, await check.CouponCodes.Select(c => c.Uses).SingleAsync(Ct));

        // The same key for another request is refused, not replayed.
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() =>
            coupons.ReserveAsync(checkout with { OrderRef = "order-2" }, null, "checkout-1", Ct));

        // A refusal replays as the same refusal, even once the reason is gone.
        var below = await coupons.ReserveAsync(new CouponCheckout("c2", "TEN", "order-9", LoyaltyStore.Cart(100_00)), null, "small", Ct);
        Assert.Equal("below_threshold", below.Reason);
        Assert.Equal(below, await coupons.ReserveAsync(new CouponCheckout("c2", "TEN", "order-9", LoyaltyStore.Cart(100_00)), null, "small", Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Racing_refund_reversals_reverse_once_and_give_the_budget_back_once(StoreProvider provider)
    {
        var store = await LoyaltyStore.CreateAsync(provider, 1, Ct);
        var draft = LoyaltyStore.ThresholdOffer();
        draft.BudgetMinor = 100_00;
        var offer = await LoyaltyStore.CreateOfferAsync(store, draft, Ct);
        await new CouponIssuer(store, TimeProvider.System).IssueToCustomersAsync(offer.Id, [1L], "one", null, null, Ct);
        string code;
        await using (var db = store.CreateContext())
        {
            code = await db.CouponCodes.Select(c => c.Code).SingleAsync(Ct);
        }

        var coupons = new CouponRedemptions(store, TimeProvider.System);
        Assert.True((await coupons.ReserveAsync(new CouponCheckout("c1", code, "o1", LoyaltyStore.Cart(300_00)), null, null, Ct)).Ok);
        Assert.True((await coupons.CommitAsync(code, "o1", null, Ct)).Ok);
        Assert.Equal("already_committed", (await coupons.ReleaseAsync(code, "o1", null, Ct)).Reason);

        var reversals = await RaceAsync(10, _ => coupons.ReverseAsync(code, "o1", null, Ct));

        Assert.All(reversals, r => Assert.True(r.Ok));
        Assert.All(reversals, r => Assert.Equal(CouponRedemptionRow.Reversed, r.Status));
        await using var check = store.CreateContext();
        Assert.Equal(0, await check.CouponTemplates.Select(t => t.BudgetUsedMinor).SingleAsync(Ct));
        Assert.Equal(0, await check.CouponCodes.Select(c => c.Uses).SingleAsync(Ct));

        // The refunded customer's code works again on a new order.
        Assert.True((await coupons.ReserveAsync(new CouponCheckout("c1", code, "o2", LoyaltyStore.Cart(300_00)), null, null, Ct)).Ok);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_hold_that_timed_out_frees_the_code_for_the_next_checkout(StoreProvider provider)
    {
        var store = await LoyaltyStore.CreateAsync(provider, 2, Ct);
        var offer = await LoyaltyStore.CreateOfferAsync(store, LoyaltyStore.ThresholdOffer(), Ct);
        await new CouponIssuer(store, TimeProvider.System).GenerateAsync(offer.Id, 1, "hold", null, null, Ct);
        string code;
        await using (var db = store.CreateContext())
        {
            code = await db.CouponCodes.Select(c => c.Code).SingleAsync(Ct);
        }

        var coupons = new CouponRedemptions(store, TimeProvider.System);
        Assert.True((await coupons.ReserveAsync(new CouponCheckout("c1", code, "o1", LoyaltyStore.Cart(300_00)), TimeSpan.FromMilliseconds(1), null, Ct)).Ok);
        await Task.Delay(20, Ct);

        var second = await coupons.ReserveAsync(new CouponCheckout("c2", code, "o2", LoyaltyStore.Cart(300_00)), null, null, Ct);

        Assert.True(second.Ok);
        Assert.Equal("no_reservation", (await coupons.CommitAsync(code, "o1", null, Ct)).Reason);
        Assert.True((await coupons.CommitAsync(code, "o2", null, Ct)).Ok);
        await using var check = store.CreateContext();
        Assert.Equal([CouponRedemptionRow.Expired, CouponRedemptionRow.Committed],
            await check.CouponRedemptions.OrderBy(r => r.Id).Select(r => r.Status).ToListAsync(Ct));
    }
}
