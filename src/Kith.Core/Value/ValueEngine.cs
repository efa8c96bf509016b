using System.Collections.Concurrent;

namespace Kith.Core.Value;

/// <summary>
/// Computes every customer's RFM, scores, RFM group, lifecycle stage and value tier as of a date, from
/// <see cref="OrderFacts"/>. Pure and deterministic; the per-customer work runs in parallel. Definitions:
/// docs/metrics.md.
/// </summary>
public static class ValueEngine
{
    public static ValueResult Compute(OrderFacts facts, DateOnly asOf, ValueOptions options)
    {
        var n = facts.CustomerCount;
        var d = asOf.DayNumber;
        var recency = new int[n];
        var frequency = new int[n];
        var monetary = new decimal[n];
        var firstDay = new int[n];
        var risingValue = new bool[n];

        Parallel.ForEach(Partitioner.Create(0, Math.Max(n, 1), Math.Max(1024, n / (Environment.ProcessorCount * 8) + 1)), range =>
        {
            for (var i = range.Item1; i < Math.Min(range.Item2, n); i++)
            {
                var (from, to) = (facts.Start[i], facts.Start[i + 1]);
                var k = from;
                var sum = 0m;
                while (k < to && facts.Day[k] <= d)
                {
                    sum += facts.NetValue[k];
                    k++;
                }

                frequency[i] = k - from;
                monetary[i] = sum;
                if (k == from)
                {
                    recency[i] = -1;
                    continue;
                }

                recency[i] = d - facts.Day[k - 1];
                firstDay[i] = facts.Day[from];
                if (k - from >= 2)
                {
                    var earlier = (sum - facts.NetValue[k - 1]) / (k - from - 1);
                    risingValue[i] = facts.NetValue[k - 1] > earlier;
                }
            }
        });

        var buyers = Enumerable.Range(0, n).Where(i => recency[i] >= 0).ToArray();
        var windows = options.Calibrate ? Calibrate(buyers.Select(i => recency[i]).ToArray()) : options.Windows;
        windows.Validate();
        var r = Scores(buyers, i => -recency[i]);
        var f = Scores(buyers, i => frequency[i]);
        var m = Scores(buyers, i => monetary[i]);
        var highValue = HighValue(buyers, frequency, monetary, options.HighValueShare);

        var values = new CustomerValue[n];
        Parallel.For(0, n, i =>
        {
            if (recency[i] < 0)
            {
                values[i] = new CustomerValue(null, 0, 0m, null, null, null, RfmGroup.None, LifecycleStage.Prospect, ValueTier.None);
                return;
            }

            var stage = recency[i] > windows.Sleeping ? LifecycleStage.Churned
                : recency[i] > windows.Silent ? LifecycleStage.Sleeping
                : recency[i] > windows.Active ? LifecycleStage.Silent
                : d - firstDay[i] <= windows.Active ? LifecycleStage.New
                : LifecycleStage.Active;
            var tier = highValue.Contains(i) ? ValueTier.HighValue
                : stage == LifecycleStage.Churned ? ValueTier.Churned
                : stage == LifecycleStage.Sleeping ? ValueTier.Sleeping
                : frequency[i] >= 2 && f[i] is >= 2 and <= 4 && risingValue[i] ? ValueTier.Potential
                : ValueTier.Ordinary;
            values[i] = new CustomerValue(recency[i], frequency[i], monetary[i], r[i], f[i], m[i], GroupOf(r[i], f[i]), stage, tier);
        });

        return new ValueResult(asOf, windows, options.Calibrate, values);
    }

    /// <summary>
    /// Quintile score of each buyer: 1 + ⌊5 × (buyers with a strictly lower value) / buyers⌋. Equal values get
    /// equal scores (the lowest their tie allows), so a score may be skipped when one value holds many buyers.
    /// </summary>
    private static byte[] Scores<T>(int[] buyers, Func<int, T> valueOf)
        where T : IComparable<T>
    {
        var scores = new byte[buyers.Length == 0 ? 0 : buyers.Max() + 1];
        var sorted = buyers.Select(valueOf).ToArray();
        Array.Sort(sorted);
        var count = (long)sorted.Length;
        foreach (var i in buyers)
        {
            var lower = LowerBound(sorted, valueOf(i));
            scores[i] = (byte)Math.Min(5, 1 + (5 * lower / count));
        }

        return scores;
    }

    private static int LowerBound<T>(T[] sorted, T value)
        where T : IComparable<T>
    {
        var (lo, hi) = (0, sorted.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid].CompareTo(value) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The top share of buyers by monetary value (at least one when there are buyers); ties go to more orders, then to the earlier customer.</summary>
    private static HashSet<int> HighValue(int[] buyers, int[] frequency, decimal[] monetary, double share)
    {
        var take = buyers.Length == 0 ? 0 : (int)Math.Ceiling(share * buyers.Length);
        return buyers
            .OrderByDescending(i => monetary[i]).ThenByDescending(i => frequency[i]).ThenBy(i => i)
            .Take(take)
            .ToHashSet();
    }

    /// <summary>
    /// Windows for a 3:3:3:1 split of the buyers by days since their last purchase: each window is the smallest
    /// whole number of days that holds at least 30% / 60% / 90% of the buyers.
    /// </summary>
    public static LifecycleWindows Calibrate(int[] recencies)
    {
        if (recencies.Length == 0)
        {
            return LifecycleWindows.Default;
        }

        var sorted = (int[])recencies.Clone();
        Array.Sort(sorted);
        int At(double target) => sorted[Math.Max(0, (int)Math.Ceiling(target * sorted.Length) - 1)];
        return new LifecycleWindows(At(0.3), At(0.6), At(0.9));
    }

    /// <summary>The named RFM groups on the R × F grid (docs/metrics.md has the table).</summary>
    public static RfmGroup GroupOf(byte r, byte f) => (r, f) switch
    {
        (1, 1) => RfmGroup.Lost,
        (<= 2, <= 2) => RfmGroup.Hibernating,
        (<= 2, <= 4) => RfmGroup.AtRisk,
        (<= 2, _) => RfmGroup.CantLose,
        (3, <= 2) => RfmGroup.AboutToSleep,
        (3, 3) => RfmGroup.NeedAttention,
        (3, _) => RfmGroup.Loyal,
        (4, 1) => RfmGroup.Promising,
        (4, <= 3) => RfmGroup.PotentialLoyalist,
        (4, _) => RfmGroup.Loyal,
        (_, 1) => RfmGroup.New,
        (_, <= 3) => RfmGroup.PotentialLoyalist,
        _ => RfmGroup.Champions,
    };
}
