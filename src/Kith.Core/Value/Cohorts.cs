namespace Kith.Core.Value;

/// <summary>
/// Retention by first-purchase month: for the customers whose first paid order fell in month M (the cohort),
/// the share who placed a paid order in month M + k, for every month up to the as-of date (docs/metrics.md).
/// </summary>
public sealed record CohortReport(DateOnly AsOf, IReadOnlyList<Cohort> Cohorts);

/// <summary>One cohort: its month (first day), its size, and per month offset k = 0, 1, … the buyers and their share.</summary>
public sealed record Cohort(DateOnly Month, int Customers, int[] Active, double[] Retention);

/// <summary>Customers moving between lifecycle stages from one date to another: Counts[from][to], stages in <see cref="LifecycleStage"/> order.</summary>
public sealed record LifecycleFlow(DateOnly From, DateOnly To, LifecycleWindows FromWindows, LifecycleWindows ToWindows, int[][] Counts);

public static class CohortAnalysis
{
    public static CohortReport Retention(OrderFacts facts, DateOnly asOf)
    {
        var last = MonthIndex(asOf);
        var sizes = new Dictionary<int, int>();
        var active = new Dictionary<int, int[]>();
        var months = new HashSet<int>();
        for (var i = 0; i < facts.CustomerCount; i++)
        {
            var (start, end) = (facts.Start[i], facts.Start[i + 1]);
            if (start == end || facts.Day[start] > asOf.DayNumber)
            {
                continue;
            }

            var cohort = MonthIndex(DateOnly.FromDayNumber(facts.Day[start]));
            sizes[cohort] = sizes.GetValueOrDefault(cohort) + 1;
            if (!active.TryGetValue(cohort, out var row))
            {
                active[cohort] = row = new int[last - cohort + 1];
            }

            months.Clear();
            for (var k = start; k < end && facts.Day[k] <= asOf.DayNumber; k++)
            {
                months.Add(MonthIndex(DateOnly.FromDayNumber(facts.Day[k])) - cohort);
            }

            foreach (var offset in months)
            {
                row[offset]++;
            }
        }

        var cohorts = sizes.Keys.Order()
            .Select(c => new Cohort(FromIndex(c), sizes[c], active[c], active[c].Select(a => (double)a / sizes[c]).ToArray()))
            .ToList();
        return new CohortReport(asOf, cohorts);
    }

    public static LifecycleFlow Flow(OrderFacts facts, DateOnly from, DateOnly to, ValueOptions options)
    {
        if (to < from)
        {
            throw new ArgumentException($"the flow ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
        }

        var before = ValueEngine.Compute(facts, from, options);
        var after = ValueEngine.Compute(facts, to, options);
        var stages = Enum.GetValues<LifecycleStage>().Length;
        var counts = Enumerable.Range(0, stages).Select(_ => new int[stages]).ToArray();
        for (var i = 0; i < facts.CustomerCount; i++)
        {
            counts[(int)before.Values[i].Lifecycle][(int)after.Values[i].Lifecycle]++;
        }

        return new LifecycleFlow(from, to, before.Windows, after.Windows, counts);
    }

    private static int MonthIndex(DateOnly d) => (d.Year * 12) + d.Month - 1;

    private static DateOnly FromIndex(int index) => new(index / 12, (index % 12) + 1, 1);
}
