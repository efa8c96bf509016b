using Kith.Core.Loyalty.Points;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Loyalty;

/// <summary>
/// The store's points now and over the last <see cref="Days"/> days. Outstanding points are the remainders of
/// lots that have not expired: usable once past their return window, pending before. Earned, redeemed and expired
/// are Σ |points| of the ledger entries of that kind created in the period (adjustments and reversals are not counted).
/// </summary>
public sealed record PointsTotals(long Usable, long Pending, long Owed, int Days, long Earned, long Redeemed, long Expired, int Accounts);

/// <summary>A ledger entry as the 360 page lists it.</summary>
public sealed record PointsEntryLine(DateTimeOffset At, PointsEntryKind Kind, PointsSource Source, long Points, long BalanceAfter, string Reason, string? Reference);

/// <summary>How many customers are at each tier rank (<c>customer_tiers</c>).</summary>
public sealed record TierCounts(int Customers, IReadOnlyDictionary<int, int> ByRank)
{
    /// <summary>
    /// Customers per level of a scheme with <paramref name="levels"/> levels: a rank the scheme no longer has counts in
    /// its top level (as <see cref="CustomerTiers"/> reads it); customers without a row are at the base level.
    /// </summary>
    public int[] PerLevel(int levels)
    {
        var counts = new int[Math.Max(1, levels)];
        foreach (var (rank, n) in ByRank)
        {
            if (rank > 0)
            {
                counts[Math.Min(rank, counts.Length - 1)] += n;
            }
        }

        counts[0] = Math.Max(0, Customers - counts.Skip(1).Sum());
        return counts;
    }
}

/// <summary>Figures the loyalty pages show: tier counts, points totals, a customer's latest ledger entries.</summary>
public sealed class LoyaltyFigures(KithStore store, TimeProvider time)
{
    public async Task<TierCounts> TierCountsAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var customers = await db.Customers.CountAsync(c => c.ErasedAt == null, ct);
        var byRank = await (
            from t in db.CustomerTiers.AsNoTracking()
            join c in db.Customers on t.CustomerId equals c.Id
            where c.ErasedAt == null
            group t by t.Rank into g
            select new { Rank = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Rank, x => x.Count, ct);
        return new TierCounts(customers, byRank);
    }

    /// <summary>Internal ids of every customer the tier scheme applies to: those who paid an order or hold a tier.</summary>
    public async Task<List<long>> TierCustomersAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.Orders.Where(o => o.PaidAt != null).Select(o => o.CustomerId)
            .Union(db.CustomerTiers.Select(t => t.CustomerId))
            .OrderBy(id => id)
            .ToListAsync(ct);
    }

    public async Task<PointsTotals> PointsTotalsAsync(int days, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var since = now.AddDays(-days);
        await using var db = store.CreateContext();
        var lots = db.PointsLots.AsNoTracking().Where(l => l.Remaining > 0 && (l.ExpiresAt == null || l.ExpiresAt > now));
        var usable = await lots.Where(l => l.UsableAt <= now).SumAsync(l => l.Remaining, ct);
        var pending = await lots.Where(l => l.UsableAt > now).SumAsync(l => l.Remaining, ct);
        var owed = await db.PointsAccounts.SumAsync(a => a.DebtPoints, ct);
        var accounts = await db.PointsAccounts.CountAsync(ct);
        var kinds = await db.PointsEntries.AsNoTracking()
            .Where(e => e.CreatedAt >= since && (e.Kind == PointsEntryKind.Earn || e.Kind == PointsEntryKind.Redeem || e.Kind == PointsEntryKind.Expire))
            .GroupBy(e => e.Kind)
            .Select(g => new { Kind = g.Key, Points = g.Sum(e => e.Points) })
            .ToDictionaryAsync(x => x.Kind, x => x.Points, ct);
        return new PointsTotals(usable, pending, owed, days,
            Math.Abs(kinds.GetValueOrDefault(PointsEntryKind.Earn)),
            Math.Abs(kinds.GetValueOrDefault(PointsEntryKind.Redeem)),
            Math.Abs(kinds.GetValueOrDefault(PointsEntryKind.Expire)),
            accounts);
    }

    /// <summary>A customer's latest ledger entries (external id), newest first.</summary>
    public async Task<List<PointsEntryLine>> RecentEntriesAsync(string customerId, int take, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await (
            from e in db.PointsEntries.AsNoTracking()
            join c in db.Customers on e.CustomerId equals c.Id
            where c.ExternalId == customerId
            orderby e.Id descending
            select new PointsEntryLine(e.CreatedAt, e.Kind, e.Source, e.Points, e.BalanceAfter, e.Reason, e.Reference))
            .Take(take)
            .ToListAsync(ct);
    }
}
