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
        await db.Database.OpenConnectionAsync(ct);
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
                await LoyaltySql.ExecuteAsync(db, "UPDATE coupon_codes SET uses = uses WHERE code = @code", ct, ("code", CouponCodes.Normalize(checkout.Code)));
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

            if (await LoyaltySql.ExecuteAsync(db, "UPDATE coupon_codes SET uses = uses + 1 WHERE id = @id AND uses < max_uses", ct, ("id", code.Id)) != 1)
            {
                return CouponDecision.Refused(code.MaxUses == 1 ? CouponRefusal.AlreadyUsed : CouponRefusal.UsageLimitReached, checkout.Code, checkout.OrderRef, checkout.Cart.Currency);
            }

            if (template.PerCustomerLimit is { } limit)
            {
                await LoyaltySql.ExecuteAsync(db, "INSERT INTO coupon_customer_uses (template_id, customer_id, uses) VALUES (@t, @u, 0) ON CONFLICT DO NOTHING",
                    ct, ("t", template.Id), ("u", customerId));
                if (await LoyaltySql.ExecuteAsync(db, "UPDATE coupon_customer_uses SET uses = uses + 1 WHERE template_id = @t AND customer_id = @u AND uses < @limit",
                        ct, ("t", template.Id), ("u", customerId), ("limit", limit)) != 1)
                {
                    return CouponDecision.Refused(CouponRefusal.CustomerLimitReached, checkout.Code, checkout.OrderRef, checkout.Cart.Currency);
                }
            }

            var discount = quote.DiscountMinor;
            if (template.BudgetMinor is { } budget
                && await LoyaltySql.ExecuteAsync(db, "UPDATE coupon_templates SET budget_used_minor = budget_used_minor + @d WHERE id = @t AND budget_used_minor + @d <= @budget",
                    ct, ("t", template.Id), ("d", discount), ("budget", budget)) != 1)
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
            row.Id = await InsertAsync(db, row, ct);
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
            if (await LoyaltySql.ExecuteAsync(db, "UPDATE coupon_redemptions SET status = 'committed', committed_at = @now WHERE id = @id AND status = 'reserved'",
                    ct, ("id", redemption.Id), ("now", LoyaltySql.Time(db, now))) != 1)
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
        if (await LoyaltySql.ExecuteAsync(db, "UPDATE coupon_redemptions SET status = @to, ended_at = @now WHERE id = @id AND status = @from",
                ct, ("id", r.Id), ("from", from), ("to", to), ("now", LoyaltySql.Time(db, now))) != 1)
        {
            return false;
        }

        await LoyaltySql.ExecuteAsync(db, "UPDATE coupon_codes SET uses = uses - 1 WHERE id = @id AND uses > 0", ct, ("id", r.CodeId));
        await LoyaltySql.ExecuteAsync(db, "UPDATE coupon_customer_uses SET uses = uses - 1 WHERE template_id = @t AND customer_id = @u AND uses > 0",
            ct, ("t", r.TemplateId), ("u", r.CustomerId));
        await LoyaltySql.ExecuteAsync(db, "UPDATE coupon_templates SET budget_used_minor = budget_used_minor - @d WHERE id = @t AND budget_minor IS NOT NULL",
            ct, ("t", r.TemplateId), ("d", r.DiscountMinor));
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
        LoyaltySql.ExecuteAsync(db, "UPDATE coupon_codes SET uses = uses WHERE id = @id", ct, ("id", codeId));

    private static async Task<long> InsertAsync(KithDbContext db, CouponRedemptionRow row, CancellationToken ct)
    {
        await using var cmd = LoyaltySql.Command(db, """
            INSERT INTO coupon_redemptions (code_id, template_id, customer_id, order_ref, currency, discount_minor, goods_minor, status, reserved_at, hold_until, device, ip)
            VALUES (@code, @template, @customer, @order, @currency, @discount, @goods, @status, @at, @until, @device, @ip)
            RETURNING id
            """)
            .With("code", row.CodeId).With("template", row.TemplateId).With("customer", row.CustomerId).With("order", row.OrderRef)
            .With("currency", row.Currency).With("discount", row.DiscountMinor).With("goods", row.GoodsMinor).With("status", row.Status)
            .With("at", LoyaltySql.Time(db, row.ReservedAt)).With("until", LoyaltySql.Time(db, row.HoldUntil))
            .With("device", row.Device).With("ip", row.Ip);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The order's redemption of the code (the live one first, else the latest) with the code as stored, in one query.</summary>
    private static async Task<(bool CodeExists, string? Code, CouponRedemptionRow? Redemption)> FindAsync(KithDbContext db, string code, string orderRef, CancellationToken ct)
    {
        var normalized = CouponCodes.Normalize(code);
        var provider = db.Provider;
        // The live one first, else the latest: a code can be reserved, released and reserved again for one order.
        await using (var cmd = LoyaltySql.Command(db, """
            SELECT r.id, r.code_id, r.template_id, r.customer_id, r.order_ref, r.currency, r.discount_minor, r.status, r.hold_until, c.code
            FROM coupon_redemptions r JOIN coupon_codes c ON c.id = r.code_id
            WHERE r.order_ref = @order AND c.code = @code
            ORDER BY CASE WHEN r.status IN ('reserved', 'committed') THEN 0 ELSE 1 END, r.id DESC
            LIMIT 1
            """).With("order", orderRef).With("code", normalized))
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
            {
                return (true, r.GetString(9), new CouponRedemptionRow
                {
                    Id = r.GetInt64(0), CodeId = r.GetInt64(1), TemplateId = r.GetInt64(2), CustomerId = r.GetInt64(3), OrderRef = r.GetString(4),
                    Currency = r.GetString(5), DiscountMinor = r.GetInt64(6), Status = r.GetString(7), HoldUntil = LoyaltySql.ReadTime(r, 8, provider),
                });
            }
        }

        return (await db.CouponCodes.AnyAsync(c => c.Code == normalized, ct), null, null);
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

    // The rules' facts in one statement. The scalar subqueries read the latest committed state: on PostgreSQL the
    // code's row is locked first by a reserve, on SQLite the transaction holds the store's write lock.
    private const string FactsSql = """
        SELECT c.id, c.template_id, c.code, c.customer_id, c.max_uses, c.uses, c.valid_from, c.valid_to,
               t.purpose, t.kind, t.currency, t.amount_off_minor, t.percent_off, t.max_discount_minor, t.min_spend_minor,
               t.include_categories, t.include_products, t.exclude_categories, t.exclude_products, t.stackable,
               t.valid_from, t.valid_to, t.per_customer_limit, t.budget_minor, t.budget_used_minor, t.min_tier_rank, t.status,
               u.id,
               CASE WHEN EXISTS (SELECT 1 FROM coupon_redemptions r WHERE r.code_id = c.id AND r.order_ref = @order AND r.customer_id = u.id
                   AND (r.status = 'committed' OR (r.status = 'reserved' AND r.hold_until >= @now))) THEN 1 ELSE 0 END,
               (SELECT r.id FROM coupon_redemptions r WHERE r.code_id = c.id AND r.order_ref = @order AND r.customer_id = u.id
                   AND r.status IN ('reserved', 'committed') LIMIT 1),
               (SELECT COUNT(*) FROM coupon_redemptions r WHERE r.code_id = c.id AND r.status = 'reserved' AND r.hold_until < @now),
               CASE WHEN t.purpose = 'NewCustomer' AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = u.id
                   AND o.paid_at IS NOT NULL AND o.status <> 'Cancelled') THEN 1 ELSE 0 END,
               CASE WHEN t.min_tier_rank IS NULL OR EXISTS (SELECT 1 FROM customer_tiers x WHERE x.customer_id = u.id
                   AND x.rank >= t.min_tier_rank) THEN 1 ELSE 0 END,
               CASE WHEN t.per_customer_limit IS NOT NULL AND EXISTS (SELECT 1 FROM coupon_customer_uses x WHERE x.template_id = t.id
                   AND x.customer_id = u.id AND x.uses >= t.per_customer_limit) THEN 1 ELSE 0 END,
               CASE WHEN EXISTS (SELECT 1 FROM coupon_redemptions r WHERE r.order_ref = @order AND r.code_id <> c.id
                   AND (r.status = 'committed' OR (r.status = 'reserved' AND r.hold_until >= @now))) THEN 1 ELSE 0 END
        FROM coupon_codes c
        JOIN coupon_templates t ON t.id = c.template_id
        LEFT JOIN customers u ON u.external_id = @customer
        WHERE c.code = @code
        LIMIT 1
        """;

    private static async Task<Facts?> FactsAsync(KithDbContext db, CouponCheckout checkout, DateTimeOffset now, CancellationToken ct)
    {
        var provider = db.Provider;
        await using var cmd = LoyaltySql.Command(db, FactsSql)
            .With("code", CouponCodes.Normalize(checkout.Code))
            .With("customer", checkout.CustomerId)
            .With("order", checkout.OrderRef)
            .With("now", LoyaltySql.Time(db, now));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return null;
        }

        var code = new CouponCodeRow
        {
            Id = r.GetInt64(0), TemplateId = r.GetInt64(1), Code = r.GetString(2), CustomerId = LoyaltySql.ReadNullableLong(r, 3),
            MaxUses = r.GetInt32(4), Uses = r.GetInt32(5),
            ValidFrom = LoyaltySql.ReadNullableTime(r, 6, provider), ValidTo = LoyaltySql.ReadNullableTime(r, 7, provider),
        };
        var template = new CouponTemplateRow
        {
            Id = code.TemplateId, Purpose = Enum.Parse<CouponPurpose>(r.GetString(8)), Kind = Enum.Parse<CouponKind>(r.GetString(9)),
            Currency = r.GetString(10), AmountOffMinor = r.GetInt64(11), PercentOff = r.GetDecimal(12),
            MaxDiscountMinor = LoyaltySql.ReadNullableLong(r, 13), MinSpendMinor = r.GetInt64(14),
            IncludeCategories = LoyaltySql.ReadList(r, 15, provider), IncludeProducts = LoyaltySql.ReadList(r, 16, provider),
            ExcludeCategories = LoyaltySql.ReadList(r, 17, provider), ExcludeProducts = LoyaltySql.ReadList(r, 18, provider),
            Stackable = r.GetBoolean(19),
            ValidFrom = LoyaltySql.ReadNullableTime(r, 20, provider), ValidTo = LoyaltySql.ReadNullableTime(r, 21, provider),
            PerCustomerLimit = LoyaltySql.ReadNullableInt(r, 22), BudgetMinor = LoyaltySql.ReadNullableLong(r, 23),
            BudgetUsedMinor = r.GetInt64(24), MinTierRank = LoyaltySql.ReadNullableInt(r, 25), Status = r.GetString(26),
        };
        return new Facts
        {
            Code = code,
            Template = template,
            CustomerId = LoyaltySql.ReadNullableLong(r, 27),
            OwnLive = r.GetInt32(28) == 1,
            OwnRedemptionId = LoyaltySql.ReadNullableLong(r, 29),
            StaleHolds = Convert.ToInt32(r.GetValue(30), System.Globalization.CultureInfo.InvariantCulture),
            HasPaidOrder = r.GetInt32(31) == 1,
            TierAllowed = r.GetInt32(32) == 1,
            AtCustomerLimit = r.GetInt32(33) == 1,
            OthersOnOrder = r.GetInt32(34) == 1,
        };
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
