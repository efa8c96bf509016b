using Kith.Core.Loyalty.Coupons;
using Kith.Core.Loyalty.Points;
using Kith.Core.Orders;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Loyalty;

/// <summary>The answer to accepting an invitation. <see cref="Reason"/>: unknown_code, unknown_customer, self_referral, cycle, already_referred, not_a_new_customer.</summary>
public sealed record ReferralDecision(bool Ok, string? Reason, long? ReferralId, string? ReferrerId);

/// <summary>
/// Invite a friend (docs/loyalty.md, "Referral"): each customer has one invite code; a friend accepts it once, before
/// their first paid order; when the friend's first order completes (not merely is placed) both get the program's
/// referral points, once (the pending → rewarded update is conditional, and the earnings carry idempotency keys).
/// Self-referral and cycles (A invited B, B cannot invite A, nor anyone up A's chain) are refused.
/// </summary>
public sealed class Referrals(KithStore store, TimeProvider time, PointsLedger ledger)
{
    public async Task<string?> CodeForAsync(string customerId, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var id = await db.Customers.Where(c => c.ExternalId == customerId).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (id is null)
        {
            return null;
        }

        var existing = await db.ReferralCodes.Where(r => r.CustomerId == id).Select(r => r.Code).SingleOrDefaultAsync(ct);
        if (existing is not null)
        {
            return existing;
        }

        var code = "R" + CouponCodes.Generate(1)[0][..8];
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO referral_codes (customer_id, code, created_at) VALUES ({id.Value}, {code}, {LoyaltyWrite.DbTime(db, time.GetUtcNow())}) ON CONFLICT DO NOTHING", ct);
        return await db.ReferralCodes.Where(r => r.CustomerId == id).Select(r => r.Code).SingleAsync(ct);
    }

    public async Task<ReferralDecision> AcceptAsync(string code, string friendId, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var normalized = code.Trim().ToUpperInvariant();
        var referrer = await db.ReferralCodes.Where(r => r.Code == normalized)
            .Join(db.Customers, r => r.CustomerId, c => c.Id, (r, c) => new { c.Id, c.ExternalId }).SingleOrDefaultAsync(ct);
        if (referrer is null)
        {
            return new(false, "unknown_code", null, null);
        }

        var friend = await db.Customers.Where(c => c.ExternalId == friendId).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (friend is null)
        {
            return new(false, "unknown_customer", null, null);
        }

        if (friend == referrer.Id)
        {
            return new(false, "self_referral", null, referrer.ExternalId);
        }

        // Walk up the referrer's chain: if the friend is in it, accepting would close a cycle.
        var up = referrer.Id;
        for (var depth = 0; depth < 1000; depth++)
        {
            var parent = await db.Referrals.Where(r => r.FriendId == up).Select(r => (long?)r.ReferrerId).SingleOrDefaultAsync(ct);
            if (parent is null)
            {
                break;
            }

            if (parent == friend)
            {
                return new(false, "cycle", null, referrer.ExternalId);
            }

            up = parent.Value;
        }

        if (await db.Orders.AnyAsync(o => o.CustomerId == friend && o.PaidAt != null && o.Status != OrderStatus.Cancelled, ct))
        {
            return new(false, "not_a_new_customer", null, referrer.ExternalId);
        }

        // friend_id is unique: of two racing acceptances one inserts, the other sees it.
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO referrals (referrer_id, friend_id, status, created_at) VALUES ({referrer.Id}, {friend.Value}, {ReferralRow.Pending}, {LoyaltyWrite.DbTime(db, time.GetUtcNow())}) ON CONFLICT DO NOTHING", ct);
        var row = await db.Referrals.AsNoTracking().SingleAsync(r => r.FriendId == friend, ct);
        return inserted == 1 && row.ReferrerId == referrer.Id
            ? new(true, null, row.Id, referrer.ExternalId)
            : new(false, "already_referred", row.Id, referrer.ExternalId);
    }

    /// <summary>Called when one of the friend's orders completes: rewards both once. Returns true if it rewarded now.</summary>
    public async Task<bool> CompleteAsync(long friendId, string orderRef, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var referral = await db.Referrals.AsNoTracking().SingleOrDefaultAsync(r => r.FriendId == friendId && r.Status == ReferralRow.Pending, ct);
        if (referral is null)
        {
            return false;
        }

        // Points first (idempotent by key), then the mark: a crash in between leaves it pending, and the next
        // completion earns nothing twice and marks it.
        var program = await ledger.ProgramAsync(ct);
        var points = program.BehaviourPoints.GetValueOrDefault(PointsSource.Referral);
        if (points > 0)
        {
            var ids = await db.Customers.Where(c => c.Id == referral.ReferrerId || c.Id == referral.FriendId).ToDictionaryAsync(c => c.Id, c => c.ExternalId, ct);
            await ledger.EarnAsync(new PointsEarn(ids[referral.ReferrerId], points, PointsSource.Referral, $"invited a friend (referral {referral.Id})", $"referral:{referral.Id}"),
                $"referral:{referral.Id}:referrer", ct);
            await ledger.EarnAsync(new PointsEarn(ids[referral.FriendId], points, PointsSource.Referral, $"joined by invitation (referral {referral.Id})", $"referral:{referral.Id}"),
                $"referral:{referral.Id}:friend", ct);
        }

        var now = time.GetUtcNow();
        return await db.Referrals.Where(r => r.Id == referral.Id && r.Status == ReferralRow.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReferralRow.Rewarded).SetProperty(r => r.RewardedAt, now).SetProperty(r => r.OrderRef, orderRef), ct) == 1;
    }
}
