using Kith.Core.Loyalty.Points;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Loyalty;

/// <summary>Why a mall order was refused (wire: snake_case).</summary>
public enum MallRefusal
{
    UnknownReward,
    UnknownCustomer,
    NotAvailable,
    OutOfStock,
    CustomerLimitReached,
    TierTooLow,
    InsufficientPoints,
    UnknownOrder,
}

/// <summary>The answer to a mall order or its cancellation.</summary>
public sealed record MallDecision(bool Ok, string? Reason, long? OrderId, long RewardId, long Points, long CashMinor, string? CouponCode, PointsBalance? Balance) : ILoyaltyResult
{
    public static MallDecision Refused(MallRefusal refusal, long rewardId, PointsBalance? balance = null) =>
        new(false, string.Concat(refusal.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())),
            null, rewardId, 0, 0, null, balance);
}

/// <summary>
/// The points mall (docs/loyalty.md, "Points mall"): one transaction takes a unit of stock (conditional UPDATE
/// <c>sold &lt; stock</c>), counts the customer's per-reward limit the same way, and spends the points through the
/// ledger; if any step refuses, nothing of it stays. Locks are taken reward → customer use → points account.
/// A coupon reward issues a single-use code of its offer to the customer in the same transaction.
/// The cash part of a points + cash reward is charged by the store's checkout; Kith records it.
/// </summary>
public sealed class PointsMall(KithStore store, TimeProvider time)
{
    public const string Scope = "mall";

    public Task<MallDecision> OrderAsync(string customerId, long rewardId, string? idempotencyKey, CancellationToken ct) =>
        LoyaltyWrite.RunAsync(store, Scope, idempotencyKey, new { op = "order", customerId, rewardId }, time, async db =>
        {
            var customer = await db.Customers.Where(c => c.ExternalId == customerId).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
            if (customer is null)
            {
                return MallDecision.Refused(MallRefusal.UnknownCustomer, rewardId);
            }

            var reward = await db.MallRewards.AsNoTracking().SingleOrDefaultAsync(r => r.Id == rewardId, ct);
            if (reward is null)
            {
                return MallDecision.Refused(MallRefusal.UnknownReward, rewardId);
            }

            if (!reward.Active)
            {
                return MallDecision.Refused(MallRefusal.NotAvailable, rewardId);
            }

            if (reward.MinTierRank is { } minRank && !await db.CustomerTiers.AnyAsync(t => t.CustomerId == customer && t.Rank >= minRank, ct))
            {
                return MallDecision.Refused(MallRefusal.TierTooLow, rewardId);
            }

            var taken = reward.Stock is null
                ? await db.MallRewards.Where(r => r.Id == rewardId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Sold, r => r.Sold + 1), ct)
                : await db.MallRewards.Where(r => r.Id == rewardId && r.Sold < r.Stock).ExecuteUpdateAsync(s => s.SetProperty(r => r.Sold, r => r.Sold + 1), ct);
            if (taken != 1)
            {
                return MallDecision.Refused(MallRefusal.OutOfStock, rewardId);
            }

            if (reward.PerCustomerLimit is { } limit)
            {
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO mall_customer_uses (reward_id, customer_id, count) VALUES ({rewardId}, {customer.Value}, {0}) ON CONFLICT DO NOTHING", ct);
                if (await db.MallCustomerUses.Where(u => u.RewardId == rewardId && u.CustomerId == customer && u.Count < limit)
                        .ExecuteUpdateAsync(s => s.SetProperty(u => u.Count, u => u.Count + 1), ct) != 1)
                {
                    return MallDecision.Refused(MallRefusal.CustomerLimitReached, rewardId);
                }
            }

            var ledger = new PointsLedger(store, time, new PointsProgram()) /* redeem and reverse do not depend on the program */;
            var spent = await ledger.WithAccountAsync(db, customerId, (account, now) =>
                PointsLedger.RedeemInAsync(db, account, reward.PointsPrice, PointsSource.Mall, $"mall: {reward.Name}", $"reward:{reward.Id}", idempotencyKey, now, ct), ct);
            if (!spent.Ok)
            {
                return MallDecision.Refused(MallRefusal.InsufficientPoints, rewardId, spent.Balance);
            }

            string? code = null;
            long? codeId = null;
            if (reward.CouponTemplateId is { } templateId)
            {
                // Inside this transaction, so a refused order never leaves a code behind.
                code = Core.Loyalty.Coupons.CouponCodes.Generate(1)[0];
                var template = await db.CouponTemplates.AsNoTracking().SingleAsync(t => t.Id == templateId, ct);
                var issued = time.GetUtcNow();
                var row = new CouponCodeRow
                {
                    TemplateId = templateId, Code = code, CustomerId = customer, MaxUses = 1, IssuedAt = issued, Batch = $"mall:{reward.Id}",
                    ValidFrom = template.ValidFrom,
                    ValidTo = template.ValidDaysAfterIssue is { } days ? Earlier(template.ValidTo, issued.AddDays(days)) : template.ValidTo,
                };
                db.CouponCodes.Add(row);
                await db.SaveChangesAsync(ct);
                codeId = row.Id;
                await db.CouponTemplates.Where(t => t.Id == templateId).ExecuteUpdateAsync(s => s.SetProperty(t => t.IssuedCount, t => t.IssuedCount + 1), ct);
            }

            var order = new MallOrderRow
            {
                RewardId = rewardId, CustomerId = customer.Value, Points = reward.PointsPrice, CashMinor = reward.CashPriceMinor,
                PointsEntryId = spent.EntryId!.Value, CouponCodeId = codeId, CreatedAt = time.GetUtcNow(),
            };
            db.MallOrders.Add(order);
            await db.SaveChangesAsync(ct);
            return new MallDecision(true, null, order.Id, rewardId, order.Points, order.CashMinor, code, spent.Balance);
        }, ct);

    /// <summary>Cancels a mall order: the stock, the customer's limit and the points come back.</summary>
    public Task<MallDecision> CancelAsync(long orderId, string? idempotencyKey, CancellationToken ct) =>
        LoyaltyWrite.RunAsync(store, Scope, idempotencyKey, new { op = "cancel", orderId }, time, async db =>
        {
            var order = await db.MallOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct);
            if (order is null)
            {
                return MallDecision.Refused(MallRefusal.UnknownOrder, 0);
            }

            if (await db.MallOrders.Where(o => o.Id == orderId && o.Status == MallOrderRow.Placed)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, MallOrderRow.Cancelled), ct) != 1)
            {
                return new MallDecision(true, null, order.Id, order.RewardId, 0, 0, null, null); // already cancelled
            }

            await db.MallRewards.Where(r => r.Id == order.RewardId && r.Sold > 0).ExecuteUpdateAsync(s => s.SetProperty(r => r.Sold, r => r.Sold - 1), ct);
            await db.MallCustomerUses.Where(u => u.RewardId == order.RewardId && u.CustomerId == order.CustomerId && u.Count > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Count, u => u.Count - 1), ct);
            if (order.CouponCodeId is { } codeId)
            {
                // The coupon bought with the points is voided if it has not been used (a used one stays used).
                await db.CouponCodes.Where(c => c.Id == codeId && c.Uses == 0).ExecuteUpdateAsync(s => s.SetProperty(c => c.MaxUses, 0), ct);
            }

            var externalId = await db.Customers.Where(c => c.Id == order.CustomerId).Select(c => c.ExternalId).SingleAsync(ct);
            var redeem = await db.PointsEntries.AsNoTracking().SingleAsync(e => e.Id == order.PointsEntryId, ct);
            var ledger = new PointsLedger(store, time, new PointsProgram()) /* redeem and reverse do not depend on the program */;
            var back = await ledger.WithAccountAsync(db, externalId, (account, now) =>
                PointsLedger.ReverseRedemptionInAsync(db, account, redeem, $"mall order {order.Id} cancelled", idempotencyKey, now, ct), ct);
            return new MallDecision(true, null, order.Id, order.RewardId, -order.Points, -order.CashMinor, null, back.Balance);
        }, ct);

    private static DateTimeOffset Earlier(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;
}
