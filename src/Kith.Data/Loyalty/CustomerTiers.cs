using Kith.Core.Loyalty;
using Kith.Core.Loyalty.Points;
using Kith.Core.Loyalty.Tiers;
using Kith.Core.Orders;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Loyalty;

/// <summary>A customer's level as shown by the API and the 360 page.</summary>
public sealed record CustomerTier(string CustomerId, int Rank, string Name, DateTimeOffset Since, DateTimeOffset ReviewAt, DateTimeOffset? PaidUntil,
    TierActivity Activity, TierBenefits Benefits, string? NextLevel, long? SpendToNextMinor);

/// <summary>
/// Keeps <c>customer_tiers</c> in step with the scheme: a customer is re-evaluated when their orders change
/// (upgrades are immediate) and the review job evaluates everyone whose review date has come (downgrades).
/// Activity in the window: paid orders not cancelled, goods net of refunds (total − shipping − refunded, at least 0),
/// and points earned (earn entries).
/// </summary>
public sealed class CustomerTiers(KithStore store, TimeProvider time, LoyaltySettings settings)
{
    public async Task<CustomerTier?> GetAsync(string customerId, CancellationToken ct)
    {
        var scheme = await settings.TierSchemeAsync(ct);
        await using var db = store.CreateContext();
        var id = await db.Customers.Where(c => c.ExternalId == customerId).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (id is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var activity = await ActivityAsync(db, scheme, id.Value, now, ct);
        var row = await db.CustomerTiers.AsNoTracking().SingleOrDefaultAsync(t => t.CustomerId == id, ct);
        var standing = row is null ? scheme.Evaluate(null, activity, now) : new TierStanding(row.Rank, row.Since, row.ReviewAt);
        var level = scheme.Levels[Math.Min(standing.Rank, scheme.Levels.Count - 1)];
        var next = level.Rank + 1 < scheme.Levels.Count ? scheme.Levels[level.Rank + 1] : null;
        return new CustomerTier(customerId, level.Rank, level.Name, standing.Since, standing.ReviewAt, row?.PaidUntil, activity, level.Benefits,
            next?.Name, next is { MinSpendMinor: > 0 } ? Math.Max(0, next.MinSpendMinor - activity.SpendMinor) : null);
    }

    /// <summary>Re-evaluates one customer (internal id) now; returns the new rank.</summary>
    public async Task<int> EvaluateAsync(long customerId, CancellationToken ct)
    {
        var scheme = await settings.TierSchemeAsync(ct);
        await using var db = store.CreateContext();
        return await EvaluateAsync(db, scheme, customerId, time.GetUtcNow(), ct);
    }

    /// <summary>Evaluates every customer whose review date has passed, and every customer without a row yet who bought. Returns how many changed.</summary>
    public async Task<int> ReviewDueAsync(IProgress<int>? progress, CancellationToken ct)
    {
        var scheme = await settings.TierSchemeAsync(ct);
        var now = time.GetUtcNow();
        await using var db = store.CreateContext();
        var due = await db.CustomerTiers.Where(t => t.ReviewAt <= now).Select(t => t.CustomerId)
            .Union(db.Orders.Where(o => o.PaidAt != null).Select(o => o.CustomerId).Distinct().Where(c => !db.CustomerTiers.Any(t => t.CustomerId == c)))
            .ToListAsync(ct);
        var changed = 0;
        for (var i = 0; i < due.Count; i++)
        {
            var before = await db.CustomerTiers.Where(t => t.CustomerId == due[i]).Select(t => (int?)t.Rank).SingleOrDefaultAsync(ct);
            changed += await EvaluateAsync(db, scheme, due[i], now, ct) != before ? 1 : 0;
            // One context serves the whole review: without this every SaveChanges scans all the rows tracked so far,
            // and the first review of a store with 100k buyers (no tier rows yet) took more than an hour at start.
            db.ChangeTracker.Clear();
            progress?.Report(i + 1);
        }

        return changed;
    }

    private static async Task<int> EvaluateAsync(KithDbContext db, TierScheme scheme, long customerId, DateTimeOffset now, CancellationToken ct)
    {
        var activity = await ActivityAsync(db, scheme, customerId, now, ct);
        var row = await db.CustomerTiers.SingleOrDefaultAsync(t => t.CustomerId == customerId, ct);
        var next = scheme.Evaluate(row is null ? null : new TierStanding(row.Rank, row.Since, row.ReviewAt), activity, now, row?.PaidUntil);
        if (row is null)
        {
            row = new CustomerTierRow { CustomerId = customerId };
            db.CustomerTiers.Add(row);
        }

        (row.Rank, row.Since, row.ReviewAt, row.UpdatedAt) = (next.Rank, next.Since, next.ReviewAt, now);
        await db.SaveChangesAsync(ct);
        return next.Rank;
    }

    private static async Task<TierActivity> ActivityAsync(KithDbContext db, TierScheme scheme, long customerId, DateTimeOffset now, CancellationToken ct)
    {
        var from = now.AddDays(-scheme.WindowDays);
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.CustomerId == customerId && o.PaidAt != null && o.PaidAt >= from && o.PaidAt <= now && o.Status != OrderStatus.Cancelled)
            .Select(o => new { o.Total, o.ShippingFee, o.RefundedAmount, o.Currency })
            .ToListAsync(ct);
        var spend = orders.Where(o => o.Currency == scheme.Currency)
            .Sum(o => CurrencyUnits.ToMinor(Math.Max(0m, decimal.Round(o.Total - o.ShippingFee - o.RefundedAmount, CurrencyUnits.DecimalDigits(scheme.Currency))), scheme.Currency) ?? 0);
        var points = await db.PointsEntries.Where(e => e.CustomerId == customerId && e.Kind == PointsEntryKind.Earn && e.CreatedAt >= from)
            .SumAsync(e => e.Points, ct);
        return new TierActivity(spend, orders.Count(o => o.RefundedAmount < o.Total), points);
    }
}
