using System.Globalization;
using Kith.Core.Loyalty;
using Kith.Core.Loyalty.Coupons;
using Kith.Core.Loyalty.Points;
using Kith.Core.Orders;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Loyalty;

/// <summary>What processing one order did (for logs and tests).</summary>
public sealed record OrderLoyaltyOutcome(string OrderId, long PointsEarned, long PointsReversed, string? Coupon, bool ReferralRewarded, int? TierRank);

/// <summary>
/// Orders drive loyalty (docs/loyalty.md, "Orders"): run for an order each time it arrives or changes, in any order and
/// any number of times — every effect carries an idempotency key derived from the order, so a repeat does nothing.
/// <list type="bullet">
/// <item>Paid: points on the goods (total − shipping), pending until the return window after payment ends.</item>
/// <item>Refunded (partly or fully, or cancelled after payment): the earned points in proportion, pending first.</item>
/// <item>With a coupon code: the code's redemption is committed at payment (reserved first if the checkout did not),
/// released if the order is cancelled unpaid, reversed if it is fully refunded. A code that does not apply is flagged
/// for review, not silently accepted.</item>
/// <item>Completed: a pending referral of the customer is rewarded.</item>
/// <item>The customer's tier is re-evaluated (upgrades at once).</item>
/// </list>
/// </summary>
public sealed class OrderLoyalty(KithStore store, TimeProvider time, PointsLedger ledger, CouponRedemptions coupons, Referrals referrals, CustomerTiers tiers, TimeZoneInfo zone)
{
    public async Task<OrderLoyaltyOutcome?> ProcessAsync(string orderId, CancellationToken ct)
    {
        Order? order;
        string customerExt;
        DateOnly? birthday;
        Dictionary<string, string?> categories;
        await using (var db = store.CreateContext())
        {
            order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.ExternalId == orderId, ct);
            if (order is null)
            {
                return null;
            }

            var customer = await db.Customers.AsNoTracking().Where(c => c.Id == order.CustomerId).Select(c => new { c.ExternalId, c.Birthday }).SingleAsync(ct);
            (customerExt, birthday) = (customer.ExternalId, customer.Birthday);
            var skus = order.Lines.Select(l => l.Sku).Distinct().ToList();
            categories = await db.Products.Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, p => p.CategoryPath, ct);
        }

        var paid = order.PaidAt is not null;
        var goods = Math.Max(0m, order.Total - order.ShippingFee);
        var refunded = order.Status == OrderStatus.Refunded || (order.Status == OrderStatus.Cancelled && paid)
            ? goods
            : Math.Min(goods, order.RefundedAmount);

        var (earned, reversed) = paid ? await PointsAsync(order, customerExt, birthday, goods, refunded, ct) : (0, 0);
        var coupon = order.CouponCode is { Length: > 0 } ? await CouponAsync(order, customerExt, categories, paid, refunded >= goods && refunded > 0, ct) : null;
        var rewarded = order.CompletedAt is not null && await referrals.CompleteAsync(order.CustomerId, order.ExternalId, ct);
        int? rank = paid ? await tiers.EvaluateAsync(order.CustomerId, ct) : null;
        return new OrderLoyaltyOutcome(order.ExternalId, earned, reversed, coupon, rewarded, rank);
    }

    private async Task<(long Earned, long Reversed)> PointsAsync(Order order, string customerExt, DateOnly? birthday, decimal goods, decimal refunded, CancellationToken ct)
    {
        var program = await ledger.ProgramAsync(ct);
        var paidAt = order.PaidAt!.Value;
        var paidDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(paidAt, zone).Date);
        var isBirthday = birthday is { } b && b.Month == paidDay.Month && b.Day == paidDay.Day;
        var earnKey = $"order:{order.ExternalId}:earn";
        long earned;
        await using (var db = store.CreateContext())
        {
            earned = await db.PointsEntries.Where(e => e.IdempotencyKey == $"{PointsEntryKind.Earn}:{earnKey}").Select(e => (long?)e.Points).SingleOrDefaultAsync(ct) ?? 0;
        }

        long justEarned = 0;
        if (earned == 0)
        {
            var points = program.OrderPoints(goods, paidDay, isBirthday);
            if (points > 0)
            {
                var usable = paidAt.AddDays(program.ReturnWindowDays);
                var change = await ledger.EarnAsync(new PointsEarn(customerExt, points, PointsSource.Order, $"order {order.ExternalId}", order.ExternalId,
                    usable, program.ValidityDays > 0 ? usable.AddDays(program.ValidityDays) : null), earnKey, ct);
                earned = justEarned = change.Ok ? change.Points : 0;
            }
        }

        if (earned <= 0 || refunded <= 0)
        {
            return (justEarned, 0);
        }

        // Each refunded total reverses once (its key names it); a later, larger refund reverses only the difference.
        var prefix = $"{PointsEntryKind.Reverse}:order:{order.ExternalId}:refund:";
        decimal before;
        await using (var db = store.CreateContext())
        {
            var keys = await db.PointsEntries.Where(e => e.IdempotencyKey != null && e.IdempotencyKey.StartsWith(prefix)).Select(e => e.IdempotencyKey!).ToListAsync(ct);
            before = keys.Select(k => decimal.Parse(k[prefix.Length..], CultureInfo.InvariantCulture)).DefaultIfEmpty(0m).Max();
        }

        var delta = PointsProgram.ReversalFor(earned, goods, refunded) - PointsProgram.ReversalFor(earned, goods, before);
        if (refunded <= before || delta <= 0)
        {
            return (justEarned, 0);
        }

        var key = $"order:{order.ExternalId}:refund:{refunded.ToString(CultureInfo.InvariantCulture)}";
        var reversal = await ledger.ReverseEarnedAsync(customerExt, order.ExternalId, delta, $"refund of order {order.ExternalId}", key, ct);
        return (justEarned, reversal.Ok ? delta : 0);
    }

    private async Task<string?> CouponAsync(Order order, string customerExt, Dictionary<string, string?> categories, bool paid, bool fullyRefunded, CancellationToken ct)
    {
        var code = CouponCodes.Normalize(order.CouponCode!);
        await using (var db = store.CreateContext())
        {
            if (!await db.CouponCodes.AnyAsync(c => c.Code == code, ct))
            {
                return null; // a store-side promotion code Kith does not manage
            }
        }

        var key = $"order:{order.ExternalId}:coupon";
        if (!paid)
        {
            return order.Status == OrderStatus.Cancelled
                ? (await coupons.ReleaseAsync(code, order.ExternalId, key + ":release", ct)).Status
                : null;
        }

        var commit = await coupons.CommitAsync(code, order.ExternalId, key + ":commit", ct);
        if (!commit.Ok && commit.Reason == CouponRefusal.NoReservation.Code())
        {
            // The checkout did not reserve: reserve now on the order's own lines, then commit.
            var cart = CartOf(order, categories);
            var reserve = await coupons.ReserveAsync(new CouponCheckout(customerExt, code, order.ExternalId, cart), null, key + ":reserve", ct);
            if (!reserve.Ok)
            {
                await FlagAsync(order, code, $"order {order.ExternalId} used code {code}: {reserve.Reason}", ct);
                return reserve.Reason;
            }

            commit = await coupons.CommitAsync(code, order.ExternalId, key + ":commit-after-reserve", ct);
        }

        if (fullyRefunded && commit.Ok)
        {
            return (await coupons.ReverseAsync(code, order.ExternalId, key + ":reverse", ct)).Status;
        }

        return commit.Ok ? commit.Status : commit.Reason;
    }

    /// <summary>The order's goods as a checkout cart: lines at their unit price (line discounts taken off), before the coupon.</summary>
    private static Cart CartOf(Order order, Dictionary<string, string?> categories)
    {
        var currency = CurrencyUnits.IsKnown(order.Currency) ? order.Currency : "CNY";
        var digits = CurrencyUnits.DecimalDigits(currency);
        long Minor(decimal v) => CurrencyUnits.ToMinor(Math.Max(0m, decimal.Round(v, digits, MidpointRounding.ToZero)), currency) ?? 0;
        var lines = order.Lines.Count > 0
            ? order.Lines.Select(l => new CartLine(l.Sku, categories.GetValueOrDefault(l.Sku), Minor(l.UnitPrice - (l.Quantity > 0 ? l.Discount / l.Quantity : 0)), Math.Max(1, l.Quantity))).ToList()
            : [new CartLine("order", null, Minor(order.Total - order.ShippingFee + order.Discount), 1)];
        return new Cart(currency, lines, Minor(order.ShippingFee));
    }

    private async Task FlagAsync(Order order, string code, string reason, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var text = reason[..Math.Min(reason.Length, 200)];
        if (await db.CouponFlags.AnyAsync(f => f.Code == code && f.Reason == text, ct))
        {
            return; // the same order processed again
        }

        db.CouponFlags.Add(new CouponFlagRow { CustomerId = order.CustomerId, Code = code, Reason = text, CreatedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }
}
