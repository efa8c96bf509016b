using System.Globalization;
using Kith.Core.Privacy;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Loyalty;

/// <summary>An offer in the console's list: how many codes were issued from it and how many uses are committed.</summary>
public sealed record CouponOfferSummary(CouponTemplateRow Offer, long Codes, long Redeemed);

/// <summary>One bulk issue of an offer (codes sharing a batch name) and, for a segment issue, the segment.</summary>
public sealed record CouponBatch(string Batch, long? SegmentId, string? SegmentName, int Codes, DateTimeOffset IssuedAt);

/// <summary>A code a customer holds, as the 360 page shows it.</summary>
public sealed record HeldCoupon(string Code, long TemplateId, string Offer, HeldCouponStatus Status, DateTimeOffset? ValidTo, DateTimeOffset IssuedAt);

public enum HeldCouponStatus
{
    Unused,
    Reserved,
    Used,
    Expired,

    /// <summary>Voided (a mall order that bought it was cancelled): it can no longer be used.</summary>
    Void,
}

/// <summary>
/// Reading offers and codes for the console: the offer list, an offer's batches, a customer's coupons, and the CSV
/// of an offer's codes. Writing offers and codes is <see cref="CouponIssuer"/>'s job.
/// </summary>
public sealed class CouponCatalog(KithStore store, TimeProvider time)
{
    /// <summary>A code as shown to someone without pii.view: all but the last 4 characters hidden.</summary>
    public static string MaskCode(string code) =>
        code.Length <= 4 ? new string('*', code.Length) : string.Concat(new string('*', code.Length - 4), code.AsSpan(code.Length - 4));

    public async Task<List<CouponOfferSummary>> ListAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var offers = await db.CouponTemplates.AsNoTracking().OrderByDescending(t => t.Id).ToListAsync(ct);
        var codes = await db.CouponCodes.AsNoTracking().GroupBy(c => c.TemplateId)
            .Select(g => new { TemplateId = g.Key, Count = g.LongCount() }).ToDictionaryAsync(x => x.TemplateId, x => x.Count, ct);
        var redeemed = await db.CouponRedemptions.AsNoTracking().Where(r => r.Status == CouponRedemptionRow.Committed).GroupBy(r => r.TemplateId)
            .Select(g => new { TemplateId = g.Key, Count = g.LongCount() }).ToDictionaryAsync(x => x.TemplateId, x => x.Count, ct);
        return offers.Select(o => new CouponOfferSummary(o, codes.GetValueOrDefault(o.Id), redeemed.GetValueOrDefault(o.Id))).ToList();
    }

    public async Task<CouponTemplateRow?> FindAsync(long templateId, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.CouponTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId, ct);
    }

    /// <summary>
    /// Pauses an offer (every checkout is refused <c>template_paused</c> from the next request on; reservations already
    /// held may still be committed) or resumes it. Null when there is no such offer.
    /// </summary>
    public async Task<CouponTemplateRow?> SetStatusAsync(long templateId, bool paused, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var status = paused ? CouponTemplateRow.Paused : CouponTemplateRow.Active;
        return await db.CouponTemplates.Where(t => t.Id == templateId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, status), ct) == 0
            ? null
            : await db.CouponTemplates.AsNoTracking().SingleAsync(t => t.Id == templateId, ct);
    }

    /// <summary>Whether a code (as typed: case and surrounding spaces do not matter) exists already.</summary>
    public async Task<bool> CodeExistsAsync(string code, CancellationToken ct)
    {
        var normalized = Core.Loyalty.Coupons.CouponCodes.Normalize(code);
        await using var db = store.CreateContext();
        return await db.CouponCodes.AnyAsync(c => c.Code == normalized, ct);
    }

    /// <summary>The offer's batches, newest first.</summary>
    public async Task<List<CouponBatch>> BatchesAsync(long templateId, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var batches = await db.CouponCodes.AsNoTracking().Where(c => c.TemplateId == templateId)
            .GroupBy(c => c.Batch)
            .Select(g => new { Batch = g.Key, Codes = g.Count(), IssuedAt = g.Max(c => c.IssuedAt) })
            .ToListAsync(ct);
        var ids = batches.Select(b => CouponMonitor.SegmentOf(b.Batch)).OfType<long>().Distinct().ToList();
        var names = await db.Segments.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return batches
            .Select(b => (b, segment: CouponMonitor.SegmentOf(b.Batch)))
            .Select(x => new CouponBatch(x.b.Batch ?? "", x.segment, x.segment is { } id ? names.GetValueOrDefault(id) : null, x.b.Codes, x.b.IssuedAt))
            .OrderByDescending(b => b.IssuedAt)
            .ToList();
    }

    /// <summary>The codes issued to a customer (external id), newest first, with what became of each.</summary>
    public async Task<List<HeldCoupon>> HeldByAsync(string customerId, int take, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = store.CreateContext();
        var id = await db.Customers.Where(c => c.ExternalId == customerId).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (id is null)
        {
            return [];
        }

        var codes = await (
            from c in db.CouponCodes.AsNoTracking()
            where c.CustomerId == id
            join t in db.CouponTemplates on c.TemplateId equals t.Id
            orderby c.IssuedAt descending, c.Id descending
            select new { c.Id, c.Code, c.TemplateId, t.Name, c.MaxUses, c.Uses, ValidTo = c.ValidTo ?? t.ValidTo, c.IssuedAt })
            .Take(take)
            .ToListAsync(ct);
        var ids = codes.Select(c => c.Id).ToList();
        var live = await db.CouponRedemptions.AsNoTracking()
            .Where(r => ids.Contains(r.CodeId) && (r.Status == CouponRedemptionRow.Committed || (r.Status == CouponRedemptionRow.Reserved && r.HoldUntil >= now)))
            .Select(r => new { r.CodeId, r.Status })
            .ToListAsync(ct);
        return codes.Select(c => new HeldCoupon(c.Code, c.TemplateId, c.Name,
                live.Any(r => r.CodeId == c.Id && r.Status == CouponRedemptionRow.Committed) ? HeldCouponStatus.Used
                : live.Any(r => r.CodeId == c.Id) ? HeldCouponStatus.Reserved
                : c.MaxUses == 0 ? HeldCouponStatus.Void
                : c.ValidTo is { } to && to < now ? HeldCouponStatus.Expired
                : HeldCouponStatus.Unused,
                c.ValidTo, c.IssuedAt))
            .ToList();
    }

    /// <summary>
    /// Every code of an offer as CSV (<c>code,customer_id,customer_name,batch,max_uses,uses,valid_from,valid_to,issued_at</c>),
    /// for printing or handing to a partner. The name is masked unless <paramref name="unmasked"/> (pii.view), as in the
    /// segment export; the customer id is the store's own id, which masking leaves shown (docs/privacy.md). Returns the rows written.
    /// </summary>
    public async Task<int> WriteCodesCsvAsync(long templateId, TextWriter writer, bool unmasked, CancellationToken ct)
    {
        await writer.WriteLineAsync("code,customer_id,customer_name,batch,max_uses,uses,valid_from,valid_to,issued_at");
        await using var db = store.CreateContext();
        long after = 0;
        var rows = 0;
        const int Page = 5000;
        while (true)
        {
            var page = await (
                from c in db.CouponCodes.AsNoTracking()
                join customer in db.Customers on c.CustomerId equals (long?)customer.Id into owners
                from o in owners.DefaultIfEmpty()
                where c.TemplateId == templateId && c.Id > after
                orderby c.Id
                select new { c.Id, c.Code, ExternalId = o == null ? null : o.ExternalId, Name = o == null ? null : o.Name, c.Batch, c.MaxUses, c.Uses, c.ValidFrom, c.ValidTo, c.IssuedAt })
                .Take(Page)
                .ToListAsync(ct);
            foreach (var c in page)
            {
                await writer.WriteLineAsync(string.Join(',',
                    CsvCell.Of(c.Code), CsvCell.Of(c.ExternalId), CsvCell.Of(unmasked ? c.Name : PiiMask.Name(c.Name)), CsvCell.Of(c.Batch),
                    c.MaxUses.ToString(CultureInfo.InvariantCulture), c.Uses.ToString(CultureInfo.InvariantCulture),
                    Iso(c.ValidFrom), Iso(c.ValidTo), Iso(c.IssuedAt)));
            }

            rows += page.Count;
            if (page.Count < Page)
            {
                return rows;
            }

            after = page[^1].Id;
            ct.ThrowIfCancellationRequested();
        }
    }

    private static string Iso(DateTimeOffset? instant) =>
        instant is { } i ? i.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "";
}
