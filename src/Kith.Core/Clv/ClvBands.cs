using System.Globalization;

namespace Kith.Core.Clv;

/// <summary>
/// Band edges for a histogram of CLV. CLV is heavy-tailed (many customers with a little, a few with a lot), so equal
/// widths would put nearly everyone in the first bar; these edges grow 1, 2, 5, 10, 20, 50, … (three steps a decade:
/// log-like, yet round amounts an operator can read). They run down from the first 1-2-5 amount above the largest
/// value to the one at or below the smallest positive one, at most <see cref="MaxBands"/> bands (four decades); values below the
/// first edge then share one band "below" it (the caller adds it).
/// </summary>
public static class ClvBands
{
    public const int MaxBands = 12;

    private static readonly double[] Steps = [1, 2, 5];

    /// <summary>
    /// Ascending edges e₀ &lt; e₁ &lt; …; band i is [eᵢ, eᵢ₊₁). <paramref name="min"/> is the smallest positive value
    /// (≤ 0: none known, the bands go the full four decades down). The last edge is above <paramref name="max"/>. Empty
    /// when <paramref name="max"/> ≤ 0 (every value is 0: nothing to spread).
    /// </summary>
    public static IReadOnlyList<double> Edges(double min, double max)
    {
        if (!(max > 0) || !double.IsFinite(max))
        {
            return [];
        }

        var bottom = min > 0 ? AtOrBelow(min) : 0;
        var edges = new List<double> { Above(max) };
        while (edges.Count <= MaxBands && edges[^1] > bottom)
        {
            edges.Add(AtOrBelow(edges[^1] * 0.99)); // one 1-2-5 step down
        }

        edges.Reverse();
        return edges;
    }

    /// <summary>The smallest 1-2-5 amount strictly above <paramref name="value"/> (&gt; 0).</summary>
    internal static double Above(double value)
    {
        var decade = Decade(value);
        foreach (var step in Steps)
        {
            if (Round(step * decade) > value)
            {
                return Round(step * decade);
            }
        }

        return Round(10 * decade);
    }

    /// <summary>The largest 1-2-5 amount at or below <paramref name="value"/> (&gt; 0).</summary>
    internal static double AtOrBelow(double value)
    {
        var decade = Decade(value);
        for (var i = Steps.Length - 1; i > 0; i--)
        {
            if (Round(Steps[i] * decade) <= value)
            {
                return Round(Steps[i] * decade);
            }
        }

        return Round(decade);
    }

    /// <summary>The power of ten at or below the value (log10 may land a hair below an exact power).</summary>
    private static double Decade(double value)
    {
        var decade = Round(Math.Pow(10, Math.Floor(Math.Log10(value))));
        return Round(10 * decade) <= value ? Round(10 * decade) : decade;
    }

    /// <summary>10^k is not exact in binary; 12 significant digits give the round amount back (0.1 × 2 = 0.2, not 0.20000000000000001).</summary>
    private static double Round(double value) =>
        double.Parse(value.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
