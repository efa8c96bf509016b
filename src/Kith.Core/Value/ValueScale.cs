namespace Kith.Core.Value;

/// <summary>
/// The cut points of one recompute: what a customer's R, F and M must exceed for each score, the lifecycle
/// windows and the high-value threshold. Kept with the stored values so that a customer whose orders change
/// between recomputes is re-scored against the same distribution (<see cref="ValueEngine.ComputeOne"/>)
/// and lands exactly where a full recompute of that distribution would put them.
/// </summary>
/// <param name="AsOf">The recompute's as-of date.</param>
/// <param name="Windows">The lifecycle windows it used (fixed or calibrated).</param>
/// <param name="Buyers">Customers with a paid order by then.</param>
/// <param name="RecencyCuts">R score ≥ k + 1 when recency days &lt; RecencyCuts[k − 1] (k = 1..4); empty when there were no buyers.</param>
/// <param name="FrequencyCuts">F score ≥ k + 1 when frequency &gt; FrequencyCuts[k − 1].</param>
/// <param name="MonetaryCuts">M score ≥ k + 1 when monetary &gt; MonetaryCuts[k − 1].</param>
/// <param name="HighValueMinimum">The smallest monetary value in the high-value tier (null: nobody was in it).</param>
/// <param name="HighValueMinimumFrequency">Among high-value buyers holding <paramref name="HighValueMinimum"/>, the fewest orders (ties go to more orders).</param>
public sealed record ValueScale(
    DateOnly AsOf,
    LifecycleWindows Windows,
    int Buyers,
    int[] RecencyCuts,
    int[] FrequencyCuts,
    decimal[] MonetaryCuts,
    decimal? HighValueMinimum,
    int HighValueMinimumFrequency)
{
    internal byte RScore(int recencyDays) => (byte)(1 + RecencyCuts.Count(c => recencyDays < c));

    internal byte FScore(int frequency) => (byte)(1 + FrequencyCuts.Count(c => frequency > c));

    internal byte MScore(decimal monetary) => (byte)(1 + MonetaryCuts.Count(c => monetary > c));

    /// <summary>
    /// In the high-value tier: above the smallest value in it, or equal to it with at least as many orders. A
    /// full recompute breaks the remaining ties by customer age, which one customer alone cannot see: such a
    /// customer may join the tier early, until the next recompute settles it.
    /// </summary>
    internal bool IsHighValue(decimal monetary, int frequency) =>
        HighValueMinimum is { } min && (monetary > min || (monetary == min && frequency >= HighValueMinimumFrequency));
}
