using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Value;

/// <summary>
/// The store's stored customer values summed up for the console's value page: customers per lifecycle stage, tier
/// and RFM group, and the R × F grid — aggregated in the database, so the page stays quick on millions of customers.
/// </summary>
public sealed record ValueOverview(
    DateOnly? AsOf, int Customers, int Buyers, double TotalMonetary,
    IReadOnlyList<ValueOverview.Slice> Lifecycle, IReadOnlyList<ValueOverview.Slice> Tiers, IReadOnlyList<ValueOverview.Slice> Groups,
    int[,] GridCustomers, double[,] GridMonetary)
{
    /// <summary>One stage, tier or group: its customers and their monetary value (paid, net of refunds).</summary>
    public sealed record Slice(string Name, int Customers, double Monetary);

    public static async Task<ValueOverview> LoadAsync(KithStore store, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var values = db.CustomerValues.AsNoTracking();
        var asOf = await values.MaxAsync(v => (DateOnly?)v.AsOf, ct);

        // Sums as double: SQLite keeps decimals as text and cannot add them as decimals; the page shows rounded figures.
        async Task<List<Slice>> SlicesAsync(System.Linq.Expressions.Expression<Func<CustomerValueRow, string>> key) =>
            (await values.GroupBy(key).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(v => (double)v.Monetary) }).ToListAsync(ct))
            .Select(g => new Slice(g.Key, g.Count, g.Sum)).OrderByDescending(s => s.Customers).ToList();

        var lifecycle = await SlicesAsync(v => v.Lifecycle);
        var tiers = await SlicesAsync(v => v.Tier);
        var groups = await SlicesAsync(v => v.RfmGroup);
        var cells = await values.Where(v => v.RScore != null && v.FScore != null)
            .GroupBy(v => new { v.RScore, v.FScore })
            .Select(g => new { g.Key.RScore, g.Key.FScore, Count = g.Count(), Sum = g.Sum(v => (double)v.Monetary) })
            .ToListAsync(ct);
        var gridCustomers = new int[5, 5];
        var gridMonetary = new double[5, 5];
        foreach (var c in cells)
        {
            gridCustomers[c.RScore!.Value - 1, c.FScore!.Value - 1] = c.Count;
            gridMonetary[c.RScore!.Value - 1, c.FScore!.Value - 1] = c.Sum;
        }

        return new ValueOverview(
            asOf, lifecycle.Sum(s => s.Customers), cells.Sum(c => c.Count), lifecycle.Sum(s => s.Monetary),
            lifecycle, tiers, groups, gridCustomers, gridMonetary);
    }
}
