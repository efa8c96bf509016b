using Kith.Core.Loyalty.Points;
using Kith.Data.Loyalty;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kith.Data.Tests.Loyalty;

/// <summary>Issue 8's reliability list for points and the mall, on both stores.</summary>
[Collection(LoyaltyStore.Races)]
public class PointsRaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<T[]> RaceAsync<T>(int n, Func<int, Task<T>> run)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, n).Select(i => Task.Run(async () => { await gate.Task; return await run(i); })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    /// <summary>The ledger's invariants, checked from the rows: running sums, lots, and no negative balance at any entry.</summary>
    private static async Task<long> AssertLedgerConsistentAsync(KithStore store, long customerId)
    {
        await using var db = store.CreateContext();
        var entries = await db.PointsEntries.Where(e => e.CustomerId == customerId).OrderBy(e => e.Id).ToListAsync(Ct);
        long running = 0;
        foreach (var e in entries)
        {
            running += e.Points;
            Assert.Equal(running, e.BalanceAfter);
            Assert.True(running >= 0, $"balance went negative at entry {e.Id}");
        }

        var lots = await db.PointsLots.Where(l => l.CustomerId == customerId).ToListAsync(Ct);
        Assert.All(lots, l => Assert.InRange(l.Remaining, 0, l.Original));
        Assert.Equal(running, lots.Sum(l => l.Remaining));
        var moves = await db.PointsLotMoves.Where(m => entries.Select(e => e.Id).Contains(m.EntryId)).ToListAsync(Ct);
        foreach (var e in entries)
        {
            Assert.Equal(e.Points, moves.Where(m => m.EntryId == e.Id).Sum(m => m.Points));
        }

        return running;
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Concurrent_earn_redeem_and_expire_on_one_account_keep_the_balance_equal_to_the_ledger_and_never_negative(StoreProvider provider)
    {
        var store = await LoyaltyStore.CreateAsync(provider, 1, Ct);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var ledger = new PointsLedger(store, clock, new PointsProgram());
        // 500 points that expire in a minute, 500 that do not for a year.
        Assert.True((await ledger.EarnAsync(new PointsEarn("c1", 500, PointsSource.Manual, "soon", ExpiresAt: clock.GetUtcNow().AddMinutes(1)), null, Ct)).Ok);
        Assert.True((await ledger.EarnAsync(new PointsEarn("c1", 500, PointsSource.Manual, "later"), null, Ct)).Ok);
        clock.Advance(TimeSpan.FromMinutes(2)); // the first lot is now due to expire: racing changes must not spend it

        var results = await RaceAsync(60, i => (i % 3) switch
        {
            0 => ledger.RedeemAsync("c1", 70, PointsSource.Mall, "race", null, $"r{i}", Ct),
            1 => ledger.EarnAsync(new PointsEarn("c1", 10, PointsSource.Review, "race"), $"e{i}", Ct),
            _ => ledger.ExpireDueAsync(Ct).ContinueWith(t => new PointsChange(true, null, null, null, t.Result, null), Ct),
        });

        var redeemed = results.Where((r, i) => i % 3 == 0 && r.Ok).Sum(r => -r.Points);
        // 500 usable + 20 × 10 earned = 700 at most, in 70s: at most 10 redemptions, and at least 7 (the 500 alone).
        Assert.InRange(redeemed / 70, 7, 10);
        Assert.All(results.Where((r, i) => i % 3 == 0 && !r.Ok), r => Assert.Equal("insufficient_points", r.Reason));
        var balance = await AssertLedgerConsistentAsync(store, 1);
        Assert.Equal(500 + 500 + 200 - 500 - redeemed, balance);
        await using var db = store.CreateContext();
        Assert.Equal(-500, await db.PointsEntries.Where(e => e.Kind == PointsEntryKind.Expire).SumAsync(e => e.Points, Ct));
        Assert.Equal(balance, (await ledger.BalanceAsync("c1", Ct))!.Usable);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_replayed_earn_or_redeem_is_applied_once(StoreProvider provider)
    {
        var store = await LoyaltyStore.CreateAsync(provider, 1, Ct);
        var ledger = new PointsLedger(store, TimeProvider.System, new PointsProgram());

        var earns = await RaceAsync(20, _ => ledger.EarnAsync(new PointsEarn("c1", 300, PointsSource.Order, "order o1", "o1"), "order:o1:earn", Ct));
        var redeems = await RaceAsync(20, _ => ledger.RedeemAsync("c1", 120, PointsSource.Mall, "gift", null, "mall-1", Ct));

        Assert.All(earns, e => Assert.Equal(earns[0], e));
        Assert.All(redeems, r => Assert.Equal(redeems[0], r));
        Assert.Equal(180, await AssertLedgerConsistentAsync(store, 1));
        await using var db = store.CreateContext();
        Assert.Equal(2, await db.PointsEntries.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Mall_stock_of_ten_with_a_hundred_racers_gives_exactly_ten_orders(StoreProvider provider)
    {
        var store = await LoyaltyStore.CreateAsync(provider, 100, Ct);
        var ledger = new PointsLedger(store, TimeProvider.System, new PointsProgram());
        for (var i = 1; i <= 100; i++)
        {
            await ledger.EarnAsync(new PointsEarn($"c{i}", 1000, PointsSource.Manual, "gift"), null, Ct);
        }

        long rewardId;
        await using (var db = store.CreateContext())
        {
            var reward = new MallRewardRow { Name = "Thermos", PointsPrice = 800, Stock = 10, CreatedAt = DateTimeOffset.UtcNow };
            db.MallRewards.Add(reward);
            await db.SaveChangesAsync(Ct);
            rewardId = reward.Id;
        }

        var mall = new PointsMall(store, TimeProvider.System);
        var results = await RaceAsync(100, i => mall.OrderAsync($"c{i + 1}", rewardId, $"m{i}", Ct));

        Assert.Equal(10, results.Count(r => r.Ok));
        Assert.All(results.Where(r => !r.Ok), r => Assert.Equal("out_of_stock", r.Reason));
        await using var check = store.CreateContext();
        Assert.Equal(10, await check.MallOrders.CountAsync(Ct));
        Assert.Equal(10, await check.MallRewards.Select(r => r.Sold).SingleAsync(Ct));
        // Only the winners paid: 90 customers keep 1,000 points, 10 have 200.
        Assert.Equal(90 * 1000 + 10 * 200, await check.PointsLots.SumAsync(l => l.Remaining, Ct));

        // A cancelled order gives the unit and the points back; one more customer can then buy it.
        var winner = results.First(r => r.Ok);
        Assert.True((await mall.CancelAsync(winner.OrderId!.Value, null, Ct)).Ok);
        var loser = Array.FindIndex(results, r => !r.Ok);
        Assert.True((await mall.OrderAsync($"c{loser + 1}", rewardId, null, Ct)).Ok);
        Assert.Equal("out_of_stock", (await mall.OrderAsync("c1", rewardId, null, Ct)).Reason);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Order_points_stay_pending_in_the_return_window_and_a_refund_takes_them_back_pending_first_then_owed(StoreProvider provider)
    {
        var store = await LoyaltyStore.CreateAsync(provider, 1, Ct);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var program = new PointsProgram { ReturnWindowDays = 7 };
        var ledger = new PointsLedger(store, clock, program);
        await ledger.EarnAsync(new PointsEarn("c1", 100, PointsSource.Manual, "welcome"), null, Ct);
        var paid = clock.GetUtcNow();
        await ledger.EarnAsync(new PointsEarn("c1", 300, PointsSource.Order, "order o1", "o1", UsableAt: paid.AddDays(7)), "order:o1:earn", Ct);

        var balance = (await ledger.BalanceAsync("c1", Ct))!;
        Assert.Equal((100L, 300L), (balance.Usable, balance.Pending));
        Assert.Equal("insufficient_points", (await ledger.RedeemAsync("c1", 150, PointsSource.Mall, "too early", null, null, Ct)).Reason);

        // Half refunded inside the window: 150 of the order's pending points go, the welcome points stay.
        await ledger.ReverseEarnedAsync("c1", "o1", PointsProgram.ReversalFor(300, 600m, 300m), "refund of o1", "order:o1:refund:300", Ct);
        balance = (await ledger.BalanceAsync("c1", Ct))!;
        Assert.Equal((100L, 150L, 0L), (balance.Usable, balance.Pending, balance.Owed));

        // After the window the rest is usable; spend it all, then the rest of the order is refunded: nothing left to take, 150 owed.
        clock.Advance(TimeSpan.FromDays(8));
        Assert.True((await ledger.RedeemAsync("c1", 250, PointsSource.Mall, "spend", null, null, Ct)).Ok);
        await ledger.ReverseEarnedAsync("c1", "o1", 150, "refund of o1", "order:o1:refund:600", Ct);
        balance = (await ledger.BalanceAsync("c1", Ct))!;
        Assert.Equal((0L, 0L, 150L), (balance.Usable, balance.Pending, balance.Owed));

        // The next earning pays the debt first.
        await ledger.EarnAsync(new PointsEarn("c1", 200, PointsSource.Review, "review"), null, Ct);
        balance = (await ledger.BalanceAsync("c1", Ct))!;
        Assert.Equal((50L, 0L), (balance.Usable, balance.Owed));
        Assert.Equal(50, await AssertLedgerConsistentAsync(store, 1));
    }
}
