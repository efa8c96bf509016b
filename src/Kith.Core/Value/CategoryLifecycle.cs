namespace Kith.Core.Value;

/// <summary>
/// Which categories get a lifecycle stage of their own and with what windows. Categories are top-level
/// (the first level of the category path), as in the preference tags.
/// </summary>
/// <param name="AsOf">Stages as of the end of this day.</param>
/// <param name="Windows">Fixed windows per category (operators who know a category's consumption cycle).</param>
/// <param name="CalibrateOthers">Also give every other category with at least <see cref="CategoryLifecycle.MinBuyersToCalibrate"/> buyers windows that split its buyers 3:3:3:1.</param>
public sealed record CategoryLifecycleOptions(DateOnly AsOf, IReadOnlyDictionary<string, LifecycleWindows> Windows, bool CalibrateOthers = false)
{
    /// <summary>Parses the CLI form <c>CATEGORY=ACTIVE,SILENT,SLEEPING</c>; the error names what is wrong.</summary>
    public static (string Category, LifecycleWindows Windows) ParseWindows(string text)
    {
        var eq = text.LastIndexOf('=');
        var days = eq < 0 ? [] : text[(eq + 1)..].Split(',');
        if (eq <= 0 || days.Length != 3 || !days.All(d => int.TryParse(d, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"'{text}': expected CATEGORY=ACTIVE,SILENT,SLEEPING in whole days, e.g. \"母婴 Baby=20,40,60\"");
        }

        var w = days.Select(d => int.Parse(d, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var windows = new LifecycleWindows(w[0], w[1], w[2]);
        windows.Validate();
        return (text[..eq].Trim(), windows);
    }
}

/// <summary>
/// Lifecycle stages per category: a customer who buys formula every three weeks is "sleeping" for formula long
/// before the store-wide 90 days. For each category with windows, each customer who bought in it gets a stage
/// from their last purchase day in that category, by the same rule as the store-wide stage (docs/metrics.md,
/// "Lifecycle stages per category").
/// </summary>
public static class CategoryLifecycle
{
    public const int MinBuyersToCalibrate = 20;

    public sealed record Result(IReadOnlyDictionary<string, LifecycleWindows> Windows, IReadOnlyDictionary<string, LifecycleStage>[] Stages);

    public static Result Compute(int customers, IReadOnlyList<PurchasedLine> lines, CategoryLifecycleOptions options)
    {
        var d = options.AsOf.DayNumber;
        // (category, customer) → first and last purchase day up to the as-of day.
        var spans = new Dictionary<(string Category, int Customer), (int First, int Last)>();
        foreach (var l in lines)
        {
            if (l.Day > d)
            {
                continue;
            }

            var key = (l.Category, l.Customer);
            spans[key] = spans.TryGetValue(key, out var s) ? (Math.Min(s.First, l.Day), Math.Max(s.Last, l.Day)) : (l.Day, l.Day);
        }

        var byCategory = spans.GroupBy(s => s.Key.Category).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var windows = new Dictionary<string, LifecycleWindows>(options.Windows, StringComparer.Ordinal);
        if (options.CalibrateOthers)
        {
            foreach (var (category, buyers) in byCategory)
            {
                if (!windows.ContainsKey(category) && buyers.Count >= MinBuyersToCalibrate)
                {
                    windows[category] = ValueEngine.Calibrate([.. buyers.Select(b => d - b.Value.Last)]);
                }
            }
        }

        var stages = new Dictionary<string, LifecycleStage>[customers];
        for (var c = 0; c < customers; c++)
        {
            stages[c] = new Dictionary<string, LifecycleStage>(StringComparer.Ordinal);
        }

        foreach (var (category, w) in windows)
        {
            foreach (var ((_, customer), (first, last)) in byCategory.GetValueOrDefault(category) ?? [])
            {
                stages[customer][category] = w.StageOf(d - last, d - first);
            }
        }

        return new Result(windows, stages);
    }
}
