using System.Globalization;
using CsvHelper;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Loyalty;

/// <summary>
/// Writes an offer's codes as CSV (code, customer_id, max_uses, uses, valid_from, valid_to, issued_at, batch) for a
/// partner, a print shop or a store's own checkout. Rows stream from the store in pages of code ids, so a million
/// codes do not sit in memory.
/// </summary>
public static class CouponCodeExport
{
    private const int Page = 50_000;

    public static async Task<int> WriteCsvAsync(KithStore store, long templateId, string? batch, TextWriter output, IProgress<int>? progress, CancellationToken ct)
    {
        await using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var header in new[] { "code", "customer_id", "max_uses", "uses", "valid_from", "valid_to", "issued_at", "batch" })
        {
            csv.WriteField(header);
        }

        await csv.NextRecordAsync();
        await using var db = store.CreateContext();
        long after = 0;
        var rows = 0;
        while (true)
        {
            var page = await db.CouponCodes.AsNoTracking()
                .Where(c => c.TemplateId == templateId && c.Id > after && (batch == null || c.Batch == batch))
                .OrderBy(c => c.Id).Take(Page)
                .Select(c => new { c.Id, c.Code, Customer = db.Customers.Where(x => x.Id == c.CustomerId).Select(x => x.ExternalId).FirstOrDefault(), c.MaxUses, c.Uses, c.ValidFrom, c.ValidTo, c.IssuedAt, c.Batch })
                .ToListAsync(ct);
            foreach (var c in page)
            {
                csv.WriteField(c.Code);
                csv.WriteField(c.Customer ?? "");
                csv.WriteField(c.MaxUses);
                csv.WriteField(c.Uses);
                csv.WriteField(c.ValidFrom?.ToString("O", CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(c.ValidTo?.ToString("O", CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(c.IssuedAt.ToString("O", CultureInfo.InvariantCulture));
                csv.WriteField(c.Batch ?? "");
                await csv.NextRecordAsync();
            }

            rows += page.Count;
            progress?.Report(rows);
            if (page.Count < Page)
            {
                return rows;
            }

            after = page[^1].Id;
        }
    }
}
