using Kith.Core.Loyalty.Coupons;
using Kith.Core.Orders;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Loyalty;

/// <summary>A checkout's question about one code on one order. Money in minor units of the cart's currency.</summary>
public sealed record CouponCheckout(string CustomerId, string Code, string OrderRef, Cart Cart, string? Device = null, string? Ip = null);

/// <summary>
/// The answer to validate / reserve / commit / release / reverse. <see cref="Reason"/> is the wire code of a
/// <see cref="CouponRefusal"/> (e.g. <c>below_threshold</c>) when <see cref="Ok"/> is false.
/// </summary>
public sealed record CouponDecision(
    bool Ok, string? Reason, string? Message, string Code, string OrderRef, long DiscountMinor, string Currency,
    string? Status, long? RedemptionId, DateTimeOffset? HoldUntil) : ILoyaltyResult
{
    public static CouponDecision Refused(CouponRefusal refusal, string code, string orderRef, string currency) =>
        new(false, refusal.Code(), refusal.Describe(), code, orderRef, 0, currency, null, null, null);
}

/// <summary>
/// Validate, reserve, commit, release and reverse coupon redemptions (docs/loyalty.md, "Coupons"). Every count that
/// must not be exceeded — a code's uses, a customer's uses of an offer, an offer's budget — changes only by a
/// conditional UPDATE whose WHERE clause is the limit; the row it touches stays locked until the transaction ends,
/// so racing checkouts are ordered by the store and the loser sees the winner's count. Locks are always taken in the
/// order code → customer use → offer, so two checkouts never wait on each other in a cycle.
/// </summary>
public sealed class CouponRedemptions(KithStore store, TimeProvider time)
{
    public const string ReserveScope = "coupon.reserve";
    public const string CommitScope = "coupon.commit";
    public const string ReleaseScope = "coupon.release";
    public const string ReverseScope = "coupon.reverse";

    /// <summary>How long a reservation holds a code when the checkout does not say.</summary>
    public static readonly TimeSpan DefaultHold = TimeSpan.FromMinutes(15);

    /// <summary>Whether the code would apply to the order now, and the discount. Changes nothing.</summary>
    public async Task<CouponDecision> ValidateAsync(CouponCheckout checkout, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var now = time.GetUtcNow();
        var facts = await FactsAsync(db, checkout, now, ct);
        var (refusal, quote) = await DecideAsync(db, facts, checkout, now, ct);
        return refusal is { } r
            ? CouponDecision.Refused(r, checkout.Code, checkout.OrderRef, checkout.Cart.Currency)
            : new CouponDecision(true, null, null, facts!.Code.Code, checkout.OrderRef, quote.DiscountMinor, facts.Template.Currency, "valid", null, null);
    }

    /// <summary>Holds the code for the order until <c>now + hold</c>; the discount is fixed at this moment.</summary>
    public Task<CouponDecision> ReserveAsync(CouponCheckout checkout, TimeSpan? hold, string? idempotencyKey, CancellationToken ct) =>
        LoyaltyWrite.RunAsync(store, ReserveScope, idempotencyKey, new { checkout, hold }, time, async db =>
        {
            var now = time.GetUtcNow();
            // The code's row lock first, so that everything read after it is the latest committed state. On SQLite
            // the transaction began IMMEDIATE: it holds the store's only write lock already, and reads the latest.
            if (db.Provider != StoreProvider.Sqlite)
            {
                var normalized = CouponCodes.Normalize(checkout.Code);
                await db.CouponCodes.Where(c => c.Code == normalized).ExecuteUpdateAsync(s => s.SetProperty(c => c.Uses, c => c.Uses), ct);
            }

            var facts = await FactsAsync(db, checkout, now, ct);
            if (facts is { StaleHolds: > 0 })
            {
                // Holds past their time end now (the code is wanted), then the rules read the freed counts.
                await ExpireHoldsAsync(db, facts.Code.Id, now, ct);
                facts = await FactsAsync(db, checkout, now, ct);
            }

            var (refusal, quote) = await DecideAsync(db, facts, checkout, now, ct);
            if (refusal is { } r)
            {
                return CouponDecision.Refused(r, checkout.Code, checkout.OrderRef, checkout.Cart.Currency);
            }

            var (code, template, customerId) = (facts!.Code, facts.Template, facts.CustomerId!.Value);
            if (facts.OwnRedemptionId is { } ownId)
            {
                // The same checkout asking again (a retry without a key): it already holds the code.
                return Decision(await db.CouponRedemptions.AsNoTracking().SingleAsync(x => x.Id == ownId, ct), code.Code);
            }

            if (await db.CouponCodes.Where(c => c.Id == code.Id && c.Uses < c.MaxUses)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Uses, c => c.Uses + 1), ct) != 1)
            {
                return CouponDecision.Refused(code.MaxUses == 1 ? CouponRefusal.AlreadyUsed : CouponRefusal.UsageLimitReached, checkout.Code, checkout.OrderRef, checkout.Cart.Currency);
            }

            if (template.PerCustomerLimit is { } limit)
            {
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO coupon_customer_uses (template_id, customer_id, uses) VALUES ({template.Id}, {customerId}, {0}) ON CONFLICT DO NOTHING", ct);
                if (await db.CouponCustomerUses.Where(u => u.TemplateId == template.Id && u.CustomerId == customerId && u.Uses < limit)
                        .ExecuteUpdateAsync(s => s.SetProperty(u => u.Uses, u => u.Uses + 1), ct) != 1)
                {
                    return CouponDecision.Refused(CouponRefusal.CustomerLimitReached, checkout.Code, checkout.OrderRef, checkout.Cart.Currency);
                }
            }

            var discount = quote.DiscountMinor;
            if (template.BudgetMinor is { } budget
                && await db.CouponTemplates.Where(t => t.Id == template.Id && t.BudgetUsedMinor + discount <= budget)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.BudgetUsedMinor, t => t.BudgetUsedMinor + discount), ct) != 1)
            {
                return CouponDecision.Refused(CouponRefusal.BudgetExhausted, checkout.Code, checkout.OrderRef, checkout.Cart.Currency);
            }

            var row = new CouponRedemptionRow
            {
                CodeId = code.Id, TemplateId = template.Id, CustomerId = customerId, OrderRef = checkout.OrderRef,
                Currency = template.Currency, DiscountMinor = discount, GoodsMinor = checkout.Cart.GoodsMinor,
                Status = CouponRedemptionRow.Reserved, ReservedAt = now, HoldUntil = now + (hold ?? DefaultHold),
                Device = checkout.Device, Ip = checkout.Ip,
            };
            db.CouponRedemptions.Add(row);
            await db.SaveChangesAsync(ct);
            return Decision(row, code.Code);
        }, ct);

    /// <summary>The order was paid: the reservation becomes a use. Committing twice is not an error.</summary>
    public Task<CouponDecision> CommitAsync(string code, string orderRef, string? idempotencyKey, CancellationToken ct) =>
        LoyaltyWrite.RunAsync(store, CommitScope, idempotencyKey, new { code, orderRef }, time, async db =>
        {
            var now = time.GetUtcNow();
            var (known, codeText, redemption) = await FindAsync(db, code, orderRef, ct);
            if (redemption is null)
            {
                return CouponDecision.Refused(known ? CouponRefusal.NoReservation : CouponRefusal.UnknownCode, code, orderRef, "");
            }

            if (redemption.Status == CouponRedemptionRow.Committed)
            {
                return Decision(redemption, codeText!);
            }

            // A hold past its time still counts if nobody has taken the code since: the lazy expiry only ends a hold
            // when another checkout needs the code (or the sweeper runs).
            if (await db.CouponRedemptions.Where(r => r.Id == redemption.Id && r.Status == CouponRedemptionRow.Reserved)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, CouponRedemptionRow.Committed).SetProperty(r => r.CommittedAt, now), ct) != 1)
            {
                return await MovedMeanwhileAsync(db, redemption.Id, CouponRedemptionRow.Committed, codeText!, code, orderRef, ct);
            }

            redemption.Status = CouponRedemptionRow.Committed;
            redemption.CommittedAt = now;
            return Decision(redemption, codeText!);
        }, ct);

    /// <summary>The order was cancelled before payment: the code, the customer's use and the budget are freed.</summary>
    public Task<CouponDecision> ReleaseAsync(string code, string orderRef, string? idempotencyKey, CancellationToken ct) =>
        EndAsync(ReleaseScope, code, orderRef, CouponRedemptionRow.Reserved, CouponRedemptionRow.Released, idempotencyKey, ct);

    /// <summary>The paid order was refunded: the use is reversed, so a still-valid code can be used again and the budget is freed.</summary>
    public Task<CouponDecision> ReverseAsync(string code, string orderRef, string? idempotencyKey, CancellationToken ct) =>
        EndAsync(ReverseScope, code, orderRef, CouponRedemptionRow.Committed, CouponRedemptionRow.Reversed, idempotencyKey, ct);

    /// <summary>Ends every hold that ran out (the sweeper's job; reservations also expire lazily). Returns how many.</summary>
    public async Task<int> ExpireHoldsAsync(CancellationToken ct)
    {
        await using var read = store.CreateContext();
        var now = time.GetUtcNow();
        var codes = await read.CouponRedemptions.Where(r => r.Status == CouponRedemptionRow.Reserved && r.HoldUntil < now)
            .Select(r => r.CodeId).Distinct().ToListAsync(ct);
        var ended = 0;
        foreach (var codeId in codes)
        {
            var result = await LoyaltyWrite.RunAsync(store, "coupon.expire", null, codeId, time, async db =>
            {
                await LockCodeAsync(db, codeId, ct);
                return new Count(await ExpireHoldsAsync(db, codeId, time.GetUtcNow(), ct));
            }, ct);
            ended += result.N;
        }

        return ended;
    }

    private sealed record Count(int N) : ILoyaltyResult
    {
        public bool Ok => true;
    }

    private Task<CouponDecision> EndAsync(string scope, string code, string orderRef, string from, string to, string? idempotencyKey, CancellationToken ct) =>
        LoyaltyWrite.RunAsync(store, scope, idempotencyKey, new { code, orderRef }, time, async db =>
        {
            var now = time.GetUtcNow();
            var (known, codeText, redemption) = await FindAsync(db, code, orderRef, ct);
            if (redemption is null)
            {
                return CouponDecision.Refused(known ? CouponRefusal.NoReservation : CouponRefusal.UnknownCode, code, orderRef, "");
            }

            if (redemption.Status == to)
            {
                return Decision(redemption, codeText!);
            }

            if (redemption.Status != from)
            {
                return CouponDecision.Refused(
                    redemption.Status == CouponRedemptionRow.Committed ? CouponRefusal.AlreadyCommitted : CouponRefusal.NoReservation,
                    code, orderRef, redemption.Currency);
            }

            await LockCodeAsync(db, redemption.CodeId, ct);
            if (!await EndRedemptionAsync(db, redemption, from, to, now, ct))
            {
                return await MovedMeanwhileAsync(db, redemption.Id, to, codeText!, code, orderRef, ct);
            }

            redemption.Status = to;
            return Decision(redemption, codeText!);
        }, ct);

    /// <summary>
    /// The redemption read at the start had moved by the time this request's conditional UPDATE ran (a racing request
    /// for the same order won). Read again, now that the winner has committed: if it went where this request was going,
    /// the answer is the same as the winner's (asking twice is not an error); otherwise there is nothing to move.
    /// </summary>
    private static async Task<CouponDecision> MovedMeanwhileAsync(KithDbContext db, long redemptionId, string to, string codeText, string code, string orderRef, CancellationToken ct)
    {
        var now = await db.CouponRedemptions.AsNoTracking().SingleAsync(r => r.Id == redemptionId, ct);
        return now.Status == to ? Decision(now, codeText) : CouponDecision.Refused(CouponRefusal.NoReservation, code, orderRef, now.Currency);
    }

    /// <summary>Moves a redemption out of <paramref name="from"/> and gives back what it held. False if it already moved.</summary>
    private static async Task<bool> EndRedemptionAsync(KithDbContext db, CouponRedemptionRow r, string from, string to, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.CouponRedemptions.Where(x => x.Id == r.Id && x.Status == from)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, to).SetProperty(x => x.EndedAt, now), ct) != 1)
        {
            return false;
        }

        await db.CouponCodes.Where(c => c.Id == r.CodeId && c.Uses > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Uses, c => c.Uses - 1), ct);
        await db.CouponCustomerUses.Where(u => u.TemplateId == r.TemplateId && u.CustomerId == r.CustomerId && u.Uses > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Uses, u => u.Uses - 1), ct);
        var discount = r.DiscountMinor;
        await db.CouponTemplates.Where(t => t.Id == r.TemplateId && t.BudgetMinor != null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.BudgetUsedMinor, t => t.BudgetUsedMinor - discount), ct);
        return true;
    }

    private static async Task<int> ExpireHoldsAsync(KithDbContext db, long codeId, DateTimeOffset now, CancellationToken ct)
    {
        var due = await db.CouponRedemptions.AsNoTracking()
            .Where(r => r.CodeId == codeId && r.Status == CouponRedemptionRow.Reserved && r.HoldUntil < now).ToListAsync(ct);
        var n = 0;
        foreach (var r in due)
        {
            n += await EndRedemptionAsync(db, r, CouponRedemptionRow.Reserved, CouponRedemptionRow.Expired, now, ct) ? 1 : 0;
        }

        return n;
    }

    /// <summary>Takes the code's row lock (a no-op UPDATE) so that everything after it sees the latest committed uses.</summary>
    private static Task<int> LockCodeAsync(KithDbContext db, long codeId, CancellationToken ct) =>
        db.CouponCodes.Where(c => c.Id == codeId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Uses, c => c.Uses), ct);

    /// <summary>The order's redemption of the code (the live one first, else the latest) with the code as stored, in one query.</summary>
    private static async Task<(bool CodeExists, string? Code, CouponRedemptionRow? Redemption)> FindAsync(KithDbContext db, string code, string orderRef, CancellationToken ct)
    {
        var normalized = CouponCodes.Normalize(code);
        // The live one first, else the latest: a code can be reserved, released and reserved again for one order.
        var hit = await db.CouponRedemptions.AsNoTracking()
            .Where(r => r.OrderRef == orderRef)
            .Join(db.CouponCodes.Where(c => c.Code == normalized), r => r.CodeId, c => c.Id, (r, c) => new { Redemption = r, c.Code })
            .OrderBy(x => x.Redemption.Status == CouponRedemptionRow.Reserved || x.Redemption.Status == CouponRedemptionRow.Committed ? 0 : 1)
            .ThenByDescending(x => x.Redemption.Id)
            .FirstOrDefaultAsync(ct);
        return hit is not null
            ? (true, hit.Code, hit.Redemption)
            : (await db.CouponCodes.AnyAsync(c => c.Code == normalized, ct), null, null);
    }

    /// <summary>
    /// What the rules read about one code, its offer, one customer and one order; null if the code does not exist.
    /// Read in one query (checkouts are many; each statement costs a round trip and, on SQLite, time under the write lock).
    /// </summary>
    private sealed class Facts
    {
        public required CouponCodeRow Code { get; init; }
        public required CouponTemplateRow Template { get; init; }

        /// <summary>The customer's internal id; null if no customer has the checkout's id.</summary>
        public long? CustomerId { get; init; }

        /// <summary>This checkout (code, order, customer) holds the code: committed, or reserved and not past its hold.</summary>
        public bool OwnLive { get; init; }

        /// <summary>This checkout's reserved or committed redemption, if any (past its hold or not).</summary>
        public long? OwnRedemptionId { get; init; }

        /// <summary>Reservations of the code past their hold: they still count in <c>uses</c> until ended.</summary>
        public int StaleHolds { get; init; }

        public bool HasPaidOrder { get; init; }
        public bool TierAllowed { get; init; }
        public bool AtCustomerLimit { get; init; }

        /// <summary>Other codes live on the same order (then they are read to check stacking).</summary>
        public bool OthersOnOrder { get; init; }
    }

    private static Task<Facts?> FactsAsync(KithDbContext db, CouponCheckout checkout, DateTimeOffset now, CancellationToken ct)
    {
        var normalized = CouponCodes.Normalize(checkout.Code);
        var customerId = checkout.CustomerId;
        var orderRef = checkout.OrderRef;
        return (
            from c in db.CouponCodes
            where c.Code == normalized
            join t in db.CouponTemplates on c.TemplateId equals t.Id
            from u in db.Customers.Where(u => u.ExternalId == customerId).DefaultIfEmpty()
            select new Facts
            {
                Code = c,
                Template = t,
                CustomerId = (long?)u.Id,
                OwnLive = db.CouponRedemptions.Any(r => r.CodeId == c.Id && r.OrderRef == orderRef && r.CustomerId == u.Id
                    && (r.Status == CouponRedemptionRow.Committed || (r.Status == CouponRedemptionRow.Reserved && r.HoldUntil >= now))),
                OwnRedemptionId = db.CouponRedemptions.Where(r => r.CodeId == c.Id && r.OrderRef == orderRef && r.CustomerId == u.Id
                    && (r.Status == CouponRedemptionRow.Reserved || r.Status == CouponRedemptionRow.Committed)).Select(r => (long?)r.Id).FirstOrDefault(),
                StaleHolds = db.CouponRedemptions.Count(r => r.CodeId == c.Id && r.Status == CouponRedemptionRow.Reserved && r.HoldUntil < now),
                HasPaidOrder = t.Purpose == CouponPurpose.NewCustomer
                    && db.Orders.Any(o => o.CustomerId == u.Id && o.PaidAt != null && o.Status != OrderStatus.Cancelled),
                TierAllowed = t.MinTierRank == null || db.CustomerTiers.Any(x => x.CustomerId == u.Id && x.Rank >= t.MinTierRank),
                AtCustomerLimit = t.PerCustomerLimit != null
                    && db.CouponCustomerUses.Any(x => x.TemplateId == t.Id && x.CustomerId == u.Id && x.Uses >= t.PerCustomerLimit),
                OthersOnOrder = db.CouponRedemptions.Any(r => r.OrderRef == orderRef && r.CodeId != c.Id
                    && (r.Status == CouponRedemptionRow.Committed || (r.Status == CouponRedemptionRow.Reserved && r.HoldUntil >= now))),
            }).AsNoTracking().FirstOrDefaultAsync(ct);
    }

    /// <summary>Every rule that can refuse the code, in the order a shopper would want to hear them.</summary>
    private static async Task<(CouponRefusal? Refusal, CouponQuote Quote)> DecideAsync(
        KithDbContext db, Facts? facts, CouponCheckout checkout, DateTimeOffset now, CancellationToken ct)
    {
        if (facts is null)
        {
            return (CouponRefusal.UnknownCode, default);
        }

        var (code, template) = (facts.Code, facts.Template);
        if (facts.CustomerId is not { } customerId)
        {
            return (CouponRefusal.UnknownCustomer, default);
        }

        if (template.Status != CouponTemplateRow.Active)
        {
            return (CouponRefusal.TemplatePaused, default);
        }

        if (code.CustomerId is { } owner && owner != customerId)
        {
            return (CouponRefusal.NotYourCoupon, default);
        }

        if ((code.ValidFrom ?? template.ValidFrom) is { } from && now < from)
        {
            return (CouponRefusal.NotYetValid, default);
        }

        if ((code.ValidTo ?? template.ValidTo) is { } to && now > to)
        {
            return (CouponRefusal.Expired, default);
        }

        // Holds past their time do not count: the code is free for whoever reserves it next.
        if (!facts.OwnLive && code.Uses - facts.StaleHolds >= code.MaxUses)
        {
            return (code.MaxUses == 1 ? CouponRefusal.AlreadyUsed : CouponRefusal.UsageLimitReached, default);
        }

        if (facts.HasPaidOrder)
        {
            return (CouponRefusal.NewCustomersOnly, default);
        }

        if (!facts.TierAllowed)
        {
            return (CouponRefusal.MembersOnly, default);
        }

        if (!facts.OwnLive && facts.AtCustomerLimit)
        {
            return (CouponRefusal.CustomerLimitReached, default);
        }

        var quote = DiscountCalculator.Quote(template.Terms, checkout.Cart);
        if (!quote.Applies)
        {
            return (quote.Refusal, quote);
        }

        // Other coupons on the same order: all must be stackable, and together they never exceed the goods.
        if (facts.OthersOnOrder)
        {
            var others = await db.CouponRedemptions.AsNoTracking()
                .Where(r => r.OrderRef == checkout.OrderRef && r.CodeId != code.Id
                    && (r.Status == CouponRedemptionRow.Committed || (r.Status == CouponRedemptionRow.Reserved && r.HoldUntil >= now)))
                .Join(db.CouponTemplates, r => r.TemplateId, t => t.Id, (r, t) => new { r.DiscountMinor, t.Stackable, t.Kind })
                .ToListAsync(ct);
            if (others.Count > 0)
            {
                if (!template.Stackable || others.Any(o => !o.Stackable))
                {
                    return (CouponRefusal.NotStackable, default);
                }

                if (template.Kind != CouponKind.FreeShipping)
                {
                    var left = Math.Max(0, checkout.Cart.GoodsMinor - others.Where(o => o.Kind != CouponKind.FreeShipping).Sum(o => o.DiscountMinor));
                    quote = quote with { DiscountMinor = Math.Min(quote.DiscountMinor, left) };
                }
            }
        }

        if (!facts.OwnLive && template.BudgetMinor is { } budget && template.BudgetUsedMinor + quote.DiscountMinor > budget)
        {
            return (CouponRefusal.BudgetExhausted, quote);
        }

        return (null, quote);
    }

    private static CouponDecision Decision(CouponRedemptionRow r, string code) =>
        new(true, null, null, code, r.OrderRef, r.DiscountMinor, r.Currency, r.Status, r.Id, r.HoldUntil);
}
