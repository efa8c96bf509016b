using System.Globalization;
using Kith.Core;
using Kith.Core.Loyalty.Coupons;
using Kith.Data.Store;
using Kith.Data.Value;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Loyalty;

/// <summary>
/// How an offer (or the codes of one batch of it) is doing (docs/loyalty.md, "Console"). Counts are coupon uses:
/// a single-use code is one, a shared code with a limit of 500 is 500. Money in minor units of the offer's currency,
/// except <see cref="Revenue"/>, which is the orders' own decimal total.
/// </summary>
/// <param name="Issued">Σ max_uses of the codes.</param>
/// <param name="Redeemed">Redemptions committed (paid orders; a refund moves one to <paramref name="Reversed"/>).</param>
/// <param name="ReservedNow">Redemptions reserved whose hold has not run out.</param>
/// <param name="Expired">Uses left on codes whose valid_to has passed: Σ max(0, max_uses − uses).</param>
/// <param name="Reversed">Committed redemptions reversed by a refund.</param>
/// <param name="DiscountMinor">Σ discount of the committed redemptions: what the offer cost.</param>
/// <param name="Orders">Distinct orders (orders.external_id = order_ref) of the committed redemptions.</param>
/// <param name="Revenue">Σ total of those orders, in the offer's currency (orders in another currency are left out).</param>
public sealed record CouponStats(long Issued, long Redeemed, long ReservedNow, long Expired, long Reversed, long DiscountMinor, int Orders, decimal Revenue)
{
    public static readonly CouponStats Zero = new(0, 0, 0, 0, 0, 0, 0, 0m);

    /// <summary>Redeemed ÷ issued (0 when nothing was issued).</summary>
    public double RedemptionRate => Issued == 0 ? 0 : (double)Redeemed / Issued;
}

/// <summary>One offer in the monitor.</summary>
public sealed record OfferMonitorRow(long TemplateId, string Name, CouponKind Kind, string Currency, CouponStats Stats);

/// <summary>The codes of one offer issued to one segment (every batch named <c>segment:{id} …</c>).</summary>
public sealed record SegmentMonitorRow(long TemplateId, string OfferName, string Currency, long SegmentId, string? SegmentName, CouponStats Stats);

/// <summary>Committed redemptions of one offer on one day of the store's time zone (by commit time).</summary>
public sealed record RedemptionDay(DateOnly Day, long TemplateId, int Redeemed, long DiscountMinor);

public sealed record CouponMonitorReport(DateTimeOffset AsOf, IReadOnlyList<OfferMonitorRow> Offers, IReadOnlyList<SegmentMonitorRow> Segments, IReadOnlyList<RedemptionDay> Days);

/// <summary>
/// The coupon monitor's figures, per offer and per offer × segment, from <c>coupon_codes</c>, <c>coupon_redemptions</c>
/// and <c>orders</c>. Counts are aggregated in SQL; order totals are summed here (SQLite keeps decimals as text, and
/// its SUM would go through doubles).
/// </summary>
public sealed class CouponMonitor(KithStore store, TimeProvider time)
{
    private const string SegmentBatch = "segment:";

    /// <summary>The segment a batch was issued to, from its name (<c>segment:12 2026-11-26 08:00</c> → 12).</summary>
    public static long? SegmentOf(string? batch)
    {
        if (batch is null || !batch.StartsWith(SegmentBatch, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = batch.AsSpan(SegmentBatch.Length);
        var end = rest.IndexOf(' ');
        return long.TryParse(end < 0 ? rest : rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <param name="zone">The store's zone, for the daily series.</param>
    /// <param name="days">How many days (ending today) the daily series covers.</param>
    public async Task<CouponMonitorReport> LoadAsync(TimeZoneInfo zone, int days, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var now = time.GetUtcNow();
        await using var db = store.CreateContext();
        var offers = await db.CouponTemplates.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.Name, t.Kind, t.Currency }).ToListAsync(ct);

        var codes = await db.CouponCodes.AsNoTracking()
            .GroupBy(c => new { c.TemplateId, c.Batch })
            .Select(g => new
            {
                g.Key.TemplateId,
                g.Key.Batch,
                Issued = g.Sum(c => (long)c.MaxUses),
                Expired = g.Sum(c => c.ValidTo != null && c.ValidTo < now && c.MaxUses > c.Uses ? (long)(c.MaxUses - c.Uses) : 0L),
            })
            .ToListAsync(ct);

        var redemptions = await (
            from r in db.CouponRedemptions.AsNoTracking()
            join c in db.CouponCodes on r.CodeId equals c.Id
            where r.Status == CouponRedemptionRow.Committed || r.Status == CouponRedemptionRow.Reversed
                || (r.Status == CouponRedemptionRow.Reserved && r.HoldUntil >= now)
            group r by new { r.TemplateId, c.Batch, r.Status } into g
            select new { g.Key.TemplateId, g.Key.Batch, g.Key.Status, Count = g.LongCount(), Discount = g.Sum(r => r.DiscountMinor) })
            .ToListAsync(ct);

        // One row per committed redemption with its order; distinct orders are taken per offer and per batch below.
        var paid = await (
            from r in db.CouponRedemptions.AsNoTracking()
            where r.Status == CouponRedemptionRow.Committed
            join c in db.CouponCodes on r.CodeId equals c.Id
            join o in db.Orders on r.OrderRef equals o.ExternalId
            select new { r.TemplateId, c.Batch, OrderId = o.Id, o.Total, o.Currency })
            .ToListAsync(ct);

        var from = Timestamps.DayIn(now, zone).AddDays(-(days - 1));
        var sinceUtc = DailySales.StartOf(from, zone);
        var committed = await db.CouponRedemptions.AsNoTracking()
            .Where(r => r.Status == CouponRedemptionRow.Committed && r.CommittedAt >= sinceUtc)
            .Select(r => new { r.TemplateId, r.CommittedAt, r.DiscountMinor })
            .ToListAsync(ct);

        var segmentIds = codes.Select(c => SegmentOf(c.Batch)).OfType<long>().Distinct().ToList();
        var segmentNames = await db.Segments.AsNoTracking().Where(s => segmentIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Name, ct);

        var currencyOf = offers.ToDictionary(o => o.Id, o => o.Currency);
        CouponStats Stats(Func<long, string?, bool> pick)
        {
            long Count(string status) => redemptions.Where(r => r.Status == status && pick(r.TemplateId, r.Batch)).Sum(r => r.Count);
            var orders = paid.Where(p => pick(p.TemplateId, p.Batch)).DistinctBy(p => p.OrderId).ToList();
            return new CouponStats(
                codes.Where(c => pick(c.TemplateId, c.Batch)).Sum(c => c.Issued),
                Count(CouponRedemptionRow.Committed),
                Count(CouponRedemptionRow.Reserved),
                codes.Where(c => pick(c.TemplateId, c.Batch)).Sum(c => c.Expired),
                Count(CouponRedemptionRow.Reversed),
                redemptions.Where(r => r.Status == CouponRedemptionRow.Committed && pick(r.TemplateId, r.Batch)).Sum(r => r.Discount),
                orders.Count,
                orders.Where(o => currencyOf.GetValueOrDefault(o.TemplateId) == o.Currency).Sum(o => o.Total));
        }

        var offerRows = offers.Select(o => new OfferMonitorRow(o.Id, o.Name, o.Kind, o.Currency, Stats((t, _) => t == o.Id))).ToList();
        var segmentRows = (
            from c in codes
            let segment = SegmentOf(c.Batch)
            where segment is not null
            group c by (c.TemplateId, Segment: segment!.Value) into g
            let offer = offers.First(o => o.Id == g.Key.TemplateId)
            orderby g.Key.TemplateId, g.Key.Segment
            select new SegmentMonitorRow(offer.Id, offer.Name, offer.Currency, g.Key.Segment, segmentNames.GetValueOrDefault(g.Key.Segment),
                Stats((t, b) => t == g.Key.TemplateId && SegmentOf(b) == g.Key.Segment)))
            .ToList();

        var dayRows = committed
            .GroupBy(r => (Day: Timestamps.DayIn(r.CommittedAt!.Value, zone), r.TemplateId))
            .Select(g => new RedemptionDay(g.Key.Day, g.Key.TemplateId, g.Count(), g.Sum(r => r.DiscountMinor)))
            .OrderBy(d => d.Day).ThenBy(d => d.TemplateId)
            .ToList();

        return new CouponMonitorReport(now, offerRows, segmentRows, dayRows);
    }
}
