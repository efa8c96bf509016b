using Kith.Core.Loyalty.Coupons;
using Kith.Core.Loyalty.Points;
using Kith.Core.Loyalty.Tiers;
using Kith.Core.Orders;
using Kith.Data.Loyalty;
using Kith.Data.Segments;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Console.Tests;

/// <summary>
/// Loyalty data on top of the demo store, so that the loyalty pages (and their screenshots) have something to show
/// whatever test runs first: a three-level tier scheme with every buyer evaluated, points for the best customers, a
/// "满300减50" offer issued to a segment and redeemed on some of its members' demo orders over the last weeks, a new
/// customer offer whose codes ran out, a members-only shared code, and a small mall. Written through Kith's own loyalty
/// services; no order is added, so the demo store's totals (<see cref="KithConsole.Demo"/>) still hold.
/// </summary>
public static class LoyaltyDemo
{
    public const string SegmentName = "VIP members · 高价值会员";
    public const string ThresholdOffer = "双11 满300减50";
    public const string FlyerOffer = "Flyer 20 off · 传单立减20";
    public const string GoldOffer = "金卡会员 9 折";

    /// <summary>A clock stopped at one instant: redemptions are written as if they happened on different days.</summary>
    private sealed class At(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public static async Task SeedAsync(KithStore store, string screenCustomer, CancellationToken ct)
    {
        var now = TimeProvider.System.GetUtcNow();
        var settings = new LoyaltySettings(store, TimeProvider.System);
        var problems = await settings.SaveTierSchemeAsync(new TierScheme
        {
            Currency = "CNY",
            WindowDays = 365,
            ReviewMonths = 12,
            Levels =
            [
                new(0, "Member · 普通会员", 0, 0, 0, new TierBenefits { BirthdayGiftPoints = 100 }),
                new(1, "Silver · 银卡", 1000_00, 4, 0, new TierBenefits { DiscountPercent = 2, BirthdayGiftPoints = 200 }),
                new(2, "Gold · 金卡", 3000_00, 0, 0, new TierBenefits { DiscountPercent = 5, FreeShipping = true, DedicatedService = true, EarlyAccess = true, BirthdayGiftPoints = 500 }),
            ],
        }, "demo", ct);
        Check(problems);
        Check(await settings.SavePointsProgramAsync(new PointsProgram
        {
            Campaigns = [new PointsCampaign("Double 11 · 双11 双倍积分", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 11), 2m)],
        }, "demo", ct));
        await new CustomerTiers(store, TimeProvider.System, settings).ReviewDueAsync(null, ct);

        // The 40 biggest spenders of the last year, and the customer pictured on the 360 page.
        List<(long Id, string ExternalId, decimal Spend)> best;
        List<Order> paid;
        await using (var db = store.CreateContext())
        {
            var since = now.AddDays(-365);
            paid = await db.Orders.AsNoTracking()
                .Where(o => o.PaidAt != null && o.Status != OrderStatus.Cancelled && o.Status != OrderStatus.Refunded && o.Currency == "CNY")
                .ToListAsync(ct);
            var external = await db.Customers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.ExternalId, ct);
            best = paid.Where(o => o.PaidAt >= since).GroupBy(o => o.CustomerId)
                .Select(g => (g.Key, external[g.Key], g.Sum(o => o.Total - o.RefundedAmount)))
                .OrderByDescending(x => x.Item3).ThenBy(x => x.Key).Take(40).ToList();
            var pictured = await db.Customers.Where(c => c.ExternalId == screenCustomer).Select(c => c.Id).SingleAsync(ct);
            if (best.All(b => b.Id != pictured))
            {
                best.Add((pictured, screenCustomer, 0m));
            }
        }

        var (segment, _, error) = await new SegmentCatalog(store).CreateStaticAsync(SegmentName, best.Select(b => b.ExternalId).ToList(),
            "Loyalty demo: the biggest spenders of the last year", "demo", now, ct);
        if (segment is null)
        {
            throw new InvalidOperationException(error?.Message);
        }

        // Points: a point per yuan spent, usable; a fresh order's points still pending; some spent in the mall.
        var ledger = new PointsLedger(store, TimeProvider.System, new PointsProgram());
        foreach (var (_, externalId, spend) in best)
        {
            var points = (long)decimal.Floor(Math.Max(spend, 600m));
            Check((await ledger.EarnAsync(new PointsEarn(externalId, points, PointsSource.Order, "orders of the last year", "demo:orders"), $"demo:{externalId}:orders", ct)).Ok);
        }

        Check((await ledger.EarnAsync(new PointsEarn(screenCustomer, 320, PointsSource.Order, "order in the return window", "demo:pending", UsableAt: now.AddDays(5)), "demo:pending", ct)).Ok);
        Check((await ledger.EarnAsync(new PointsEarn(screenCustomer, 5, PointsSource.SignIn, "sign-in"), "demo:sign-in", ct)).Ok);
        Check((await ledger.EarnAsync(new PointsEarn(screenCustomer, 200, PointsSource.Referral, "a friend's first order", "demo:referral"), "demo:referral", ct)).Ok);

        // Offers. The 300-off-50 one runs from 30 days ago; its codes went to the segment 25 days ago.
        var issuedAt = now.AddDays(-25);
        var threshold = await CreateAsync(store, new CouponTemplateRow
        {
            Name = ThresholdOffer, Purpose = CouponPurpose.Promotion, Kind = CouponKind.Threshold, Currency = "CNY", AmountOffMinor = 50_00, MinSpendMinor = 300_00,
            ValidFrom = now.AddDays(-30), ValidTo = now.AddDays(10), PerCustomerLimit = 1, BudgetMinor = 5000_00, CreatedBy = "demo",
        }, ct);
        await new CouponIssuer(store, new At(issuedAt)).IssueToSegmentAsync(threshold, segment.Id, "D11-", null, ct);
        var flyer = await CreateAsync(store, new CouponTemplateRow
        {
            Name = FlyerOffer, Purpose = CouponPurpose.Promotion, Kind = CouponKind.FixedAmount, Currency = "CNY", AmountOffMinor = 20_00, MinSpendMinor = 99_00,
            ValidDaysAfterIssue = 7, CreatedBy = "demo",
        }, ct);
        await new CouponIssuer(store, new At(now.AddDays(-20))).GenerateAsync(flyer, 60, "print run", "NEW-", null, ct);
        var gold = await CreateAsync(store, new CouponTemplateRow
        {
            Name = GoldOffer, Purpose = CouponPurpose.MemberExclusive, Kind = CouponKind.Percentage, Currency = "CNY", PercentOff = 10m, MaxDiscountMinor = 100_00,
            MinTierRank = 2, Stackable = true, ValidFrom = now.AddDays(-30), ValidTo = now.AddDays(60), CreatedBy = "demo",
        }, ct);
        await new CouponIssuer(store, new At(now.AddDays(-28))).CreateSharedCodeAsync(gold, "GOLD10", 200, ct);

        // Redemptions on the members' own demo orders of 300+ in goods, spread over the last three weeks.
        List<CouponCodeRow> codes;
        HashSet<long> goldMembers;
        await using (var db = store.CreateContext())
        {
            codes = await db.CouponCodes.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
            goldMembers = [.. await db.CustomerTiers.Where(t => t.Rank >= 2).Select(t => t.CustomerId).ToListAsync(ct)];
        }

        var externalOf = best.ToDictionary(b => b.Id, b => b.ExternalId);
        var used = new HashSet<string>();
        Order? BigOrder(long customer) => paid.Where(o => o.CustomerId == customer && !used.Contains(o.ExternalId) && o.Total - o.ShippingFee + o.Discount >= 300m)
            .OrderByDescending(o => o.PaidAt).FirstOrDefault();
        static Cart CartOf(Order o) => new("CNY", [new CartLine("DEMO", null, (long)((o.Total - o.ShippingFee + o.Discount) * 100m), 1)], (long)(o.ShippingFee * 100m));

        var n = 0;
        foreach (var code in codes.Where(c => c.TemplateId == threshold))
        {
            if (BigOrder(code.CustomerId!.Value) is not { } order || n++ % 5 == 4)
            {
                continue;
            }

            used.Add(order.ExternalId);
            var hold = n % 11 == 0 ? TimeSpan.FromDays(2) : (TimeSpan?)null; // a few checkouts still open
            var at = new At(hold is null ? now.AddDays(-(n % 21)).AddHours(-(n % 9)) : now.AddHours(-1));
            var coupons = new CouponRedemptions(store, at);
            Check((await coupons.ReserveAsync(new CouponCheckout(externalOf[code.CustomerId!.Value], code.Code, order.ExternalId, CartOf(order)), hold, null, ct)).Ok);
            if (hold is null)
            {
                Check((await coupons.CommitAsync(code.Code, order.ExternalId, null, ct)).Ok);
                if (n % 13 == 0)
                {
                    Check((await coupons.ReverseAsync(code.Code, order.ExternalId, null, ct)).Ok); // refunded
                }
            }
        }

        foreach (var (code, customer) in codes.Where(c => c.TemplateId == flyer).Take(9).Zip(best.Skip(5).Select(b => b.Id)))
        {
            if (BigOrder(customer) is { } order)
            {
                used.Add(order.ExternalId);
                var at = new At(now.AddDays(-19 + (code.Id % 5)));
                var coupons = new CouponRedemptions(store, at);
                Check((await coupons.ReserveAsync(new CouponCheckout(externalOf[customer], code.Code, order.ExternalId, CartOf(order)), null, null, ct)).Ok);
                Check((await coupons.CommitAsync(code.Code, order.ExternalId, null, ct)).Ok);
            }
        }

        var g = 0;
        foreach (var member in best.Where(b => goldMembers.Contains(b.Id)).Take(8))
        {
            if (BigOrder(member.Id) is { } order)
            {
                used.Add(order.ExternalId);
                var coupons = new CouponRedemptions(store, new At(now.AddDays(-(2 + (3 * g++)))));
                Check((await coupons.ReserveAsync(new CouponCheckout(member.ExternalId, "GOLD10", order.ExternalId, CartOf(order)), null, null, ct)).Ok);
                Check((await coupons.CommitAsync("GOLD10", order.ExternalId, null, ct)).Ok);
            }
        }

        // The mall, and a few customers who spent points in it.
        var rewards = new MallRewards(store, TimeProvider.System);
        async Task<long> RewardAsync(MallRewardRow r)
        {
            var (saved, refused) = await rewards.SaveAsync(r, ct);
            Check(refused);
            return saved!.Id;
        }

        var tote = await RewardAsync(new MallRewardRow { Name = "Canvas tote · 帆布袋", Kind = MallRewardRow.Goods, PointsPrice = 800, Stock = 100, PerCustomerLimit = 2 });
        await RewardAsync(new MallRewardRow { Name = "300 off 50 coupon · 满300减50券", Kind = MallRewardRow.Coupon, PointsPrice = 500, CouponTemplateId = threshold, PerCustomerLimit = 1 });
        await RewardAsync(new MallRewardRow { Name = "Express delivery · 优先发货", Kind = MallRewardRow.Service, PointsPrice = 300, CashPriceMinor = 9_90, MinTierRank = 1 });
        await RewardAsync(new MallRewardRow { Name = "Tea tasting · 品茶体验", Kind = MallRewardRow.Experience, PointsPrice = 5000, Stock = 12, MinTierRank = 2 });
        await RewardAsync(new MallRewardRow { Name = "Summer fan · 夏日风扇", Kind = MallRewardRow.Goods, PointsPrice = 1200, Stock = 30, Active = false });
        var mall = new PointsMall(store, TimeProvider.System);
        foreach (var b in best.Take(12))
        {
            await mall.OrderAsync(b.ExternalId, tote, $"demo:mall:{b.ExternalId}", ct); // refused when short of points: fine
        }

        Check((await mall.OrderAsync(screenCustomer, tote, "demo:mall:pictured", ct)).Ok);

        // After the mall order (which spends the points expiring first): some that expire within the month.
        Check((await ledger.EarnAsync(new PointsEarn(screenCustomer, 150, PointsSource.Review, "reviews", "demo:review", ExpiresAt: now.AddDays(12)), "demo:review", ct)).Ok);
    }

    private static async Task<long> CreateAsync(KithStore store, CouponTemplateRow draft, CancellationToken ct)
    {
        var (offer, problems) = await new CouponIssuer(store, TimeProvider.System).CreateTemplateAsync(draft, ct);
        Check(problems);
        return offer!.Id;
    }

    private static void Check(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("loyalty demo: " + string.Join("; ", problems));
        }
    }

    private static void Check(bool ok)
    {
        if (!ok)
        {
            throw new InvalidOperationException("loyalty demo: a loyalty call was refused");
        }
    }
}
