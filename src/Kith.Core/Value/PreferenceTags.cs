namespace Kith.Core.Value;

/// <summary>One paid order line as preference tags see it: what, how much, when.</summary>
public readonly record struct PurchasedLine(int Customer, int Day, string Category, string? Brand, decimal UnitPrice, decimal Spend);

/// <summary>One paid order: promotion used or not, channel, hour of day (store time zone).</summary>
public readonly record struct PaidOrder(int Customer, bool Promotion, string? Channel, int Hour);

/// <summary>A customer's preference tags (docs/metrics.md, "Preference tags").</summary>
public sealed record CustomerPreferences(
    IReadOnlyList<string> TopCategories,
    IReadOnlyList<string> TopBrands,
    string? PriceBand,
    double PromotionShare,
    string? PromotionSensitivity,
    string? PreferredChannel,
    IReadOnlyList<int> ActiveHours,
    IReadOnlyDictionary<string, int> RepurchaseCycleDays)
{
    /// <summary>Lifecycle stage per category, for the categories given windows (<see cref="CategoryLifecycle"/>); empty otherwise.</summary>
    public IReadOnlyDictionary<string, LifecycleStage> CategoryStages { get; init; } = new Dictionary<string, LifecycleStage>();
}

public static class PreferenceTags
{
    /// <summary>
    /// Tags for customers 0..customers−1 from their paid lines and orders and the hours of their behaviour events.
    /// <paramref name="catalogPrices"/> are the catalogue's prices, whose tertiles define the price bands.
    /// </summary>
    public static CustomerPreferences[] Compute(
        int customers, IReadOnlyList<PurchasedLine> lines, IReadOnlyList<PaidOrder> orders,
        IReadOnlyList<(int Customer, int Hour)> eventHours, IReadOnlyList<decimal> catalogPrices)
    {
        var prices = catalogPrices.Order().ToArray();
        var (low, high) = prices.Length == 0 ? (0m, 0m) : (prices[(prices.Length - 1) / 3], prices[(2 * (prices.Length - 1)) / 3]);
        var linesBy = lines.ToLookup(l => l.Customer);
        var ordersBy = orders.ToLookup(o => o.Customer);
        var hoursBy = eventHours.ToLookup(e => e.Customer, e => e.Hour);
        var result = new CustomerPreferences[customers];
        Parallel.For(0, customers, c =>
        {
            var mine = linesBy[c].ToList();
            var paid = ordersBy[c].ToList();
            var share = paid.Count == 0 ? 0 : paid.Count(o => o.Promotion) / (double)paid.Count;
            var hours = hoursBy[c].Concat(paid.Select(o => o.Hour))
                .GroupBy(h => h).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Take(3).Select(g => g.Key).ToList();
            string? band = null;
            if (mine.Count > 0 && prices.Length > 0)
            {
                var median = Median(mine.Select(l => l.UnitPrice));
                band = median <= low ? "low" : median <= high ? "mid" : "high";
            }

            result[c] = new CustomerPreferences(
                Top(mine.GroupBy(l => l.Category)),
                Top(mine.Where(l => !string.IsNullOrEmpty(l.Brand)).GroupBy(l => l.Brand!)),
                band,
                share,
                paid.Count == 0 ? null : share >= 0.5 ? "high" : share >= 0.2 ? "medium" : "low",
                paid.Where(o => !string.IsNullOrEmpty(o.Channel)).GroupBy(o => o.Channel!)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault(),
                hours,
                mine.GroupBy(l => l.Category)
                    .Select(g => (g.Key, Days: g.Select(l => l.Day).Distinct().Order().ToArray()))
                    .Where(g => g.Days.Length >= 2)
                    .ToDictionary(g => g.Key, g => (int)Math.Round(Median(g.Days.Zip(g.Days.Skip(1), (a, b) => (decimal)(b - a))), MidpointRounding.AwayFromZero)));
        });
        return result;
    }

    /// <summary>The top three by spend; ties by name.</summary>
    private static List<string> Top(IEnumerable<IGrouping<string, PurchasedLine>> groups) =>
        groups.OrderByDescending(g => g.Sum(l => l.Spend)).ThenBy(g => g.Key, StringComparer.Ordinal).Take(3).Select(g => g.Key).ToList();

    private static decimal Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
