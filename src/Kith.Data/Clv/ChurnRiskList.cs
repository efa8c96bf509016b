using Kith.Core.Orders;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Clv;

/// <summary>
/// The console's churn risk list: customers with a stored churn risk (<c>kith churn score</c>), highest first (ties by
/// customer id, so pages never overlap), optionally one band only. Thread-safe; one context per call.
/// </summary>
public sealed class ChurnRiskList(KithStore store)
{
    public static IReadOnlyList<int> PageSizes { get; } = [25, 50, 100];

    public static IReadOnlyList<string> Bands { get; } = ["high", "medium", "low"];

    /// <summary>Page <paramref name="page"/> (from 0) of <paramref name="pageSize"/> rows; <paramref name="band"/> null for every band.</summary>
    public async Task<ChurnRiskPage> LoadAsync(string? band, int page, int pageSize, CancellationToken ct)
    {
        var size = PageSizes.Contains(pageSize) ? pageSize : PageSizes[0];
        await using var db = store.CreateContext();
        var scored = db.CustomerPredictions.AsNoTracking().Where(p => p.ChurnRisk != null);
        if (!string.IsNullOrEmpty(band))
        {
            scored = scored.Where(p => p.ChurnBand == band); // churn_band is indexed
        }

        var total = await scored.CountAsync(ct);
        var last = Math.Max(0, (total - 1) / size);
        var at = Math.Clamp(page, 0, last);
        var rows = await scored
            .Join(db.Customers, p => p.CustomerId, c => c.Id, (p, c) => new { p.CustomerId, c.ExternalId, c.Name, c.Phone, c.ErasedAt, p.ChurnRisk, p.ChurnBand, p.ProbabilityAlive, p.Clv })
            .OrderByDescending(r => r.ChurnRisk).ThenBy(r => r.CustomerId)
            .Skip(at * size).Take(size)
            .ToListAsync(ct);

        // The last paid order, as the customer list shows it; picked here, not in SQL (a DateTimeOffset MAX does not translate on SQLite).
        var ids = rows.Select(r => r.CustomerId).ToList();
        var paid = await db.Orders.AsNoTracking()
            .Where(o => ids.Contains(o.CustomerId) && o.PaidAt != null && o.Status != OrderStatus.Cancelled && o.Status != OrderStatus.Refunded)
            .Select(o => new { o.CustomerId, o.PaidAt })
            .ToListAsync(ct);
        var lastOrder = paid.GroupBy(o => o.CustomerId).ToDictionary(g => g.Key, g => g.Max(o => o.PaidAt));
        var items = rows.Select(r => new ChurnRiskItem(r.CustomerId, r.ExternalId, r.Name, r.Phone, r.ErasedAt is not null,
            r.ChurnRisk!.Value, r.ChurnBand ?? "", r.ProbabilityAlive, r.Clv, lastOrder.GetValueOrDefault(r.CustomerId))).ToList();
        return new ChurnRiskPage(items, at, size, total);
    }
}
