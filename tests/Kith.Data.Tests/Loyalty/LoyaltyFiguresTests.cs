using Kith.Core.Loyalty.Points;
using Kith.Data.Loyalty;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kith.Data.Tests.Loyalty;

/// <summary>The loyalty pages' figures (points totals, tier counts) and the mall catalogue's checks, on both stores.</summary>
public class LoyaltyFiguresTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Points_totals_match_a_count_of_the_lots_and_entries(StoreProvider provider)
    {
        var time = new FakeTimeProvider(Start);
        var store = await LoyaltyStore.CreateAsync(provider, 4, Ct);
        var ledger = new PointsLedger(store, time, new PointsProgram { ValidityDays = 365 });
        // c1: 500 usable, 200 of them redeemed; c2: 300 pending for 14 days (return window); c3: 120 that expire after 10 days;
        // c4: 1,000 earned 40 days ago (outside the 30-day window), still usable.
        Assert.True((await ledger.EarnAsync(new PointsEarn("c4", 1000, PointsSource.Order, "old order"), null, Ct)).Ok);
        time.Advance(TimeSpan.FromDays(40));
        Assert.True((await ledger.EarnAsync(new PointsEarn("c1", 500, PointsSource.Order, "order"), null, Ct)).Ok);
        Assert.True((await ledger.RedeemAsync("c1", 200, PointsSource.Mall, "mall", null, null, Ct)).Ok);
        Assert.True((await ledger.EarnAsync(new PointsEarn("c2", 300, PointsSource.Order, "order", UsableAt: time.GetUtcNow().AddDays(14)), null, Ct)).Ok);
        Assert.True((await ledger.EarnAsync(new PointsEarn("c3", 120, PointsSource.Review, "review", ExpiresAt: time.GetUtcNow().AddDays(10)), null, Ct)).Ok);
        time.Advance(TimeSpan.FromDays(11));
        Assert.Equal(1, await ledger.ExpireDueAsync(Ct));

        var totals = await new LoyaltyFigures(store, time).PointsTotalsAsync(30, Ct);

        // By hand, 11 days on: usable 300 (c1) + 1,000 (c4); c2's 300 still pending; c3's 120 expired.
        Assert.Equal(new PointsTotals(Usable: 1300, Pending: 300, Owed: 0, Days: 30, Earned: 920, Redeemed: 200, Expired: 120, Accounts: 4), totals);
        // And independently, from every row as stored.
        var now = time.GetUtcNow();
        await using var db = store.CreateContext();
        var lots = await db.PointsLots.AsNoTracking().ToListAsync(Ct);
        var entries = await db.PointsEntries.AsNoTracking().ToListAsync(Ct);
        long usable = 0, pending = 0, earned = 0, redeemed = 0, expired = 0;
        foreach (var l in lots.Where(l => l.Remaining > 0 && (l.ExpiresAt is null || l.ExpiresAt > now)))
        {
            if (l.UsableAt <= now)
            {
                usable += l.Remaining;
            }
            else
            {
                pending += l.Remaining;
            }
        }

        foreach (var e in entries.Where(e => e.CreatedAt >= now.AddDays(-30)))
        {
            earned += e.Kind == PointsEntryKind.Earn ? e.Points : 0;
            redeemed -= e.Kind == PointsEntryKind.Redeem ? e.Points : 0;
            expired -= e.Kind == PointsEntryKind.Expire ? e.Points : 0;
        }

        Assert.Equal((usable, pending, earned, redeemed, expired), (totals.Usable, totals.Pending, totals.Earned, totals.Redeemed, totals.Expired));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Tier_counts_put_customers_without_a_tier_at_the_base_level_and_removed_levels_at_the_top(StoreProvider provider)
    {
        var store = await LoyaltyStore.CreateAsync(provider, 10, Ct);
        await using (var db = store.CreateContext())
        {
            var ids = await db.Customers.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(Ct);
            int[] ranks = [0, 1, 1, 2, 5];
            db.CustomerTiers.AddRange(ranks.Select((r, i) => new CustomerTierRow { CustomerId = ids[i], Rank = r, Since = Start, ReviewAt = Start.AddYears(1), UpdatedAt = Start }));
            // An erased customer with a tier is not counted anywhere.
            db.CustomerTiers.Add(new CustomerTierRow { CustomerId = ids[9], Rank = 2, Since = Start, ReviewAt = Start.AddYears(1), UpdatedAt = Start });
            await db.Customers.Where(c => c.Id == ids[9]).ExecuteUpdateAsync(x => x.SetProperty(c => c.ErasedAt, Start), Ct);
            await db.SaveChangesAsync(Ct);
        }

        var counts = await new LoyaltyFigures(store, TimeProvider.System).TierCountsAsync(Ct);

        Assert.Equal(9, counts.Customers);
        Assert.Equal([5, 2, 2], counts.PerLevel(3)); // rank 5 is no longer in a 3-level scheme: counted at the top
        Assert.Equal([9], counts.PerLevel(1));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_reward_is_refused_with_its_field_named_and_its_stock_cannot_go_below_what_was_sold(StoreProvider provider)
    {
        var store = await LoyaltyStore.CreateAsync(provider, 1, Ct);
        var rewards = new MallRewards(store, TimeProvider.System);

        var (none, problems) = await rewards.SaveAsync(new MallRewardRow { Name = "", Kind = MallRewardRow.Coupon, PointsPrice = 0, Stock = -1 }, Ct);

        Assert.Null(none);
        Assert.Equal(["name", "pointsPrice", "stock", "couponTemplateId"], problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));

        var (mug, ok) = await rewards.SaveAsync(new MallRewardRow { Name = "Mug", Kind = MallRewardRow.Goods, PointsPrice = 800, Stock = 5, PerCustomerLimit = 1 }, Ct);
        Assert.Empty(ok);
        await using (var db = store.CreateContext())
        {
            await db.MallRewards.Where(r => r.Id == mug!.Id).ExecuteUpdateAsync(x => x.SetProperty(r => r.Sold, 3), Ct);
        }

        var (_, lower) = await rewards.SaveAsync(new MallRewardRow { Id = mug!.Id, Name = "Mug", Kind = MallRewardRow.Goods, PointsPrice = 800, Stock = 2 }, Ct);
        var (changed, fine) = await rewards.SaveAsync(new MallRewardRow { Id = mug.Id, Name = "Mug (blue)", Kind = MallRewardRow.Goods, PointsPrice = 900, Stock = 3, Active = false }, Ct);

        Assert.Equal(["stock: 3 are sold already; the stock cannot be lower."], lower);
        Assert.Empty(fine);
        var stored = (await rewards.FindAsync(mug.Id, Ct))!;
        Assert.Equal(("Mug (blue)", 900L, 3, 3, false), (stored.Name, stored.PointsPrice, stored.Stock, stored.Sold, stored.Active));
        Assert.Equal(changed!.Id, stored.Id);
    }
}
