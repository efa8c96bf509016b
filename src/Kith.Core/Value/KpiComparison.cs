namespace Kith.Core.Value;

/// <summary>
/// The KPIs of a period next to those of the period of equal length that ends the day before it
/// (docs/metrics.md, "Period comparison"): for 2026-10-01..2026-10-31 the previous period is 2026-08-31..2026-09-30.
/// </summary>
public sealed record KpiComparison(KpiReport Current, KpiReport Previous)
{
    /// <summary>The period of the same number of days that ends the day before <paramref name="from"/>.</summary>
    public static (DateOnly From, DateOnly To) PreviousPeriod(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException($"the period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
        }

        var days = to.DayNumber - from.DayNumber + 1;
        if (from.DayNumber < days)
        {
            throw new ArgumentException($"no period of {days} days before {from:yyyy-MM-dd}");
        }

        return (from.AddDays(-days), from.AddDays(-1));
    }

    public static KpiComparison Compute(OrderFacts facts, DateOnly from, DateOnly to)
    {
        var (previousFrom, previousTo) = PreviousPeriod(from, to);
        return new KpiComparison(Kpis.Compute(facts, from, to), Kpis.Compute(facts, previousFrom, previousTo));
    }

    /// <summary>(current − previous) ÷ |previous|; null when the previous value is 0 (no base to compare with).</summary>
    public static double? RelativeChange(double current, double previous) =>
        previous == 0 ? null : (current - previous) / Math.Abs(previous);

    /// <summary>The change of a rate in percentage points: (current − previous) × 100.</summary>
    public static double PointChange(double current, double previous) => (current - previous) * 100;
}
