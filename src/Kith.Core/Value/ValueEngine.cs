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
        var raw = new Raw[n];
        Parallel.ForEach(Partitioner.Create(0, Math.Max(n, 1), Math.Max(1024, n / (Environment.ProcessorCount * 8) + 1)), range =>
        {
            for (var i = range.Item1; i < Math.Min(range.Item2, n); i++)
            {
                var (from, to) = (facts.Start[i], facts.Start[i + 1]);
                raw[i] = Raw.Of(facts.Day.AsSpan(from, to - from), facts.NetValue.AsSpan(from, to - from), d);
            }
        });

        var buyers = Enumerable.Range(0, n).Where(i => raw[i].Frequency > 0).ToArray();
        var windows = options.Calibrate ? Calibrate(buyers.Select(i => raw[i].Recency).ToArray()) : options.Windows;
        windows.Validate();
        var highValue = HighValue(buyers, raw, options.HighValueShare);
        var highest = highValue.Count == 0 ? default : highValue.Select(i => raw[i]).MinBy(r => (r.Monetary, r.Frequency));
        var scale = new ValueScale(
            asOf,
            windows,
            buyers.Length,
            [.. Cuts(buyers.Select(i => -raw[i].Recency).ToArray()).Select(c => -c)],
            Cuts(buyers.Select(i => raw[i].Frequency).ToArray()),
            Cuts(buyers.Select(i => raw[i].Monetary).ToArray()),
            highValue.Count == 0 ? null : highest.Monetary,
            highest.Frequency);

        var values = new CustomerValue[n];
        Parallel.For(0, n, i => values[i] = Classify(raw[i], d, scale, highValue.Contains(i)));
        return new ValueResult(asOf, windows, options.Calibrate, values, scale);
    }

    /// <summary>
    /// One customer's value as of a date from their paid orders (days and net values, sorted by day, then value),
    /// scored against the cut points of an earlier recompute: what a recompute of that distribution would give,
    /// used when a customer's orders change between recomputes (docs/metrics.md, "Between recomputes").
    /// </summary>
    public static CustomerValue ComputeOne(ReadOnlySpan<int> days, ReadOnlySpan<decimal> netValues, DateOnly asOf, ValueScale scale)
    {
        var raw = Raw.Of(days, netValues, asOf.DayNumber);
        return Classify(raw, asOf.DayNumber, scale, raw.Frequency > 0 && scale.IsHighValue(raw.Monetary, raw.Frequency));
    }

    /// <summary>A customer's paid orders up to the as-of day, summarised.</summary>
    private readonly record struct Raw(int Recency, int Frequency, decimal Monetary, int FirstDay, bool RisingValue)
    {
        public static Raw Of(ReadOnlySpan<int> days, ReadOnlySpan<decimal> values, int asOfDay)
        {
            var k = 0;
            var sum = 0m;
            while (k < days.Length && days[k] <= asOfDay)
            {
                sum += values[k];
                k++;
            }

            if (k == 0)
            {
                return new Raw(-1, 0, 0m, 0, false);
            }

            // Rising value: the latest order is worth more than the mean of the earlier ones.
            var rising = k >= 2 && values[k - 1] > (sum - values[k - 1]) / (k - 1);
            return new Raw(asOfDay - days[k - 1], k, sum, days[0], rising);
        }
    }

    private static CustomerValue Classify(Raw raw, int asOfDay, ValueScale scale, bool highValue)
    {
        if (raw.Frequency == 0)
        {
            return new CustomerValue(null, 0, 0m, null, null, null, RfmGroup.None, LifecycleStage.Prospect, ValueTier.None);
        }

        var (r, f, m) = (scale.RScore(raw.Recency), scale.FScore(raw.Frequency), scale.MScore(raw.Monetary));
        var stage = scale.Windows.StageOf(raw.Recency, asOfDay - raw.FirstDay);
        var tier = highValue ? ValueTier.HighValue
            : stage == LifecycleStage.Churned ? ValueTier.Churned
            : stage == LifecycleStage.Sleeping ? ValueTier.Sleeping
            : raw.Frequency >= 2 && f is >= 2 and <= 4 && raw.RisingValue ? ValueTier.Potential
            : ValueTier.Ordinary;
        return new CustomerValue(raw.Recency, raw.Frequency, raw.Monetary, r, f, m, GroupOf(r, f), stage, tier);
    }

    /// <summary>
    /// Quintile scores: a buyer scores 1 + ⌊5 × (buyers with a strictly lower value) / buyers⌋ (at most 5), so
    /// equal values get equal scores (the lowest their tie allows) and a score may be skipped when one value holds
    /// many buyers. As cut points: the score is at least k + 1 exactly when the value exceeds the
    /// ⌈k × buyers / 5⌉-th smallest value (k = 1..4). Empty when there are no buyers (everyone scores 1).
    /// </summary>
    private static T[] Cuts<T>(T[] values)
        where T : IComparable<T>
    {
        if (values.Length == 0)
        {
            return [];
        }

        Array.Sort(values);
        return [.. Enumerable.Range(1, 4).Select(k => values[(int)((k * (long)values.Length + 4) / 5) - 1])];
    }

    /// <summary>The top share of buyers by monetary value (at least one when there are buyers); ties go to more orders, then to the earlier customer.</summary>
    private static HashSet<int> HighValue(int[] buyers, Raw[] raw, double share)
    {
        var take = buyers.Length == 0 ? 0 : (int)Math.Ceiling(share * buyers.Length);
        return buyers
            .OrderByDescending(i => raw[i].Monetary).ThenByDescending(i => raw[i].Frequency).ThenBy(i => i)
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
