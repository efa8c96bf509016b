namespace Kith.Core.Clv;

/// <summary>
/// How well a repeat-purchase model fitted on the calibration window predicts the holdout window (docs/clv.md):
/// per customer E[Y(t*) | x, t_x, T] with t* the holdout length, against the purchase days actually made; in total,
/// by calibration frequency 0, 1, …, 7+, and as a weekly cumulative tracking curve over both windows (each customer's
/// expected repeat purchases from their first purchase, E[X(τ − first)], summed — Fader, Hardie &amp; Lee 2005, fig. 1).
/// </summary>
public sealed record HoldoutReport(
    string Model,
    int Customers,
    double HoldoutLength,
    double Predicted,
    int Actual,
    IReadOnlyList<FrequencyBucket> ByFrequency,
    IReadOnlyList<TrackingWeek> Tracking)
{
    /// <summary>Frequencies 0 … 6 get a bucket each; 7 and more share the last.</summary>
    public const int TopBucket = 7;

    public static HoldoutReport Build(ClvSummary summary, IRepeatPurchaseModel model)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(model);
        if (summary.Options.HoldoutEnd is not { } holdoutEnd)
        {
            throw new ArgumentException("the summary has no holdout window: give a holdout end to compare predictions with what happened", nameof(summary));
        }

        var n = summary.CustomerCount;
        var predicted = new double[n];
        Parallel.For(0, n, i => predicted[i] = model.ExpectedPurchases(summary.HoldoutLength, summary.X[i], summary.Tx[i], summary.T[i]));

        var buckets = new (int Customers, double Predicted, int Actual)[TopBucket + 1];
        for (var i = 0; i < n; i++)
        {
            var b = Math.Min(summary.X[i], TopBucket);
            buckets[b] = (buckets[b].Customers + 1, buckets[b].Predicted + predicted[i], buckets[b].Actual + summary.HoldoutX[i]);
        }

        var byFrequency = buckets.Select((b, x) => new FrequencyBucket(x == TopBucket ? $"{TopBucket}+" : x.ToString(System.Globalization.CultureInfo.InvariantCulture), b.Customers, b.Predicted, b.Actual)).ToList();
        return new HoldoutReport(model.Name, n, summary.HoldoutLength, predicted.Sum(), summary.HoldoutX.Sum(), byFrequency, Track(summary, model, holdoutEnd.DayNumber));
    }

    private static List<TrackingWeek> Track(ClvSummary summary, IRepeatPurchaseModel model, int lastDay)
    {
        var origin = summary.OriginDay;
        var unit = (double)(int)summary.Unit;
        var cohorts = summary.FirstDay.GroupBy(d => d).Select(g => (Day: g.Key, Count: g.Count())).ToArray();
        var repeats = summary.RepeatDays.Order().ToArray();
        var weeks = ((lastDay - origin) / 7) + 1;
        var curve = new TrackingWeek[weeks];
        Parallel.For(0, weeks, w =>
        {
            var end = Math.Min(origin + (7 * (w + 1)) - 1, lastDay);
            double expected = 0;
            foreach (var (day, count) in cohorts)
            {
                if (end > day)
                {
                    expected += count * model.ExpectedRepeatPurchases((end - day) / unit);
                }
            }

            var actual = UpperBound(repeats, end);
            curve[w] = new TrackingWeek(w + 1, DateOnly.FromDayNumber(end), end > summary.Options.CalibrationEnd.DayNumber, expected, actual);
        });
        return [.. curve];
    }

    /// <summary>How many of the sorted days are ≤ day.</summary>
    private static int UpperBound(int[] sorted, int day)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= day)
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
}
