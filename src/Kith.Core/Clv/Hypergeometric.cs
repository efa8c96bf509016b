using MathNet.Numerics;

namespace Kith.Core.Clv;

/// <summary>
/// The Gauss hypergeometric function ₂F₁(a, b; c; z) for the arguments the CLV models need: a, b, c &gt; 0 and
/// 0 ≤ z &lt; 1, where every term of the series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ is positive, so summing it loses no
/// precision to cancellation. MathNet.Numerics has no ₂F₁. Thread-safe (pure).
/// </summary>
public static class Hypergeometric
{
    /// <summary>The most terms summed; reached only when z is within about 10⁻⁴ of 1.</summary>
    public const int MaxTerms = 1_000_000;

    /// <summary>
    /// ₂F₁(a, b; c; z) for a, b, c &gt; 0 and 0 ≤ z &lt; 1. When c − a − b &lt; 0 the series' terms shrink slowly as z
    /// nears 1; then Euler's transformation ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z) is used when its
    /// parameters are positive and its terms shrink faster (the Fader–Hardie note's advice).
    /// </summary>
    public static double TwoF1(double a, double b, double c, double z)
    {
        if (!(z >= 0 && z < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(z), $"2F1 is implemented for 0 ≤ z < 1 (got z={z})");
        }

        if (a > 0 && b > 0 && c > 0)
        {
            return Math.Exp(LogTwoF1(a, b, c, z));
        }

        if (c <= 0 && c == Math.Floor(c))
        {
            throw new ArgumentOutOfRangeException(nameof(c), $"2F1 is undefined for c = {c} (a non-positive integer)");
        }

        return SignedSeries(a, b, c, z);
    }

    /// <summary>ln ₂F₁(a, b; c; z) for a, b, c &gt; 0 and 0 ≤ z &lt; 1; finite where the function overflows a double.</summary>
    public static double LogTwoF1(double a, double b, double c, double z)
    {
        if (!(a > 0 && b > 0 && c > 0 && z >= 0 && z < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(z), $"ln 2F1 is implemented for a, b, c > 0 and 0 ≤ z < 1 (got a={a}, b={b}, c={c}, z={z})");
        }

        if (z == 0)
        {
            return 0;
        }

        // Terms behave like n^(a + b − c − 1) zⁿ; Euler's form has n^(c − a − b − 1) zⁿ. Use the one that decays faster.
        var (ca, cb) = (c - a, c - b);
        if (z > 0.5 && ca > 0 && cb > 0 && ca + cb < a + b)
        {
            return ((c - a - b) * SpecialFunctions.Log1p(-z)) + LogSeries(ca, cb, c, z);
        }

        return LogSeries(a, b, c, z);
    }

    /// <summary>The plain series, for the rare parameters with a sign change (e.g. BG/NBD with a + b &lt; 1).</summary>
    private static double SignedSeries(double a, double b, double c, double z)
    {
        double sum = 1, term = 1;
        for (var n = 0; n < MaxTerms; n++)
        {
            var ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            term *= ratio;
            sum += term;
            if (Math.Abs(term) <= Math.Abs(sum) * 1e-17 && Math.Abs(ratio) < 1)
            {
                break;
            }
        }

        return sum;
    }

    /// <summary>ln of the partial sums of the positive series, stopping when a term no longer changes the sum.</summary>
    private static double LogSeries(double a, double b, double c, double z)
    {
        // Terms can grow to huge values (z near 1, large a·b/c) before they shrink: keep a running scale.
        double sum = 1, term = 1, logScale = 0;
        for (var n = 0; n < MaxTerms; n++)
        {
            var ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            term *= ratio;
            sum += term;
            if (sum > 1e250)
            {
                logScale += Math.Log(sum);
                term /= sum;
                sum = 1;
            }

            if (term <= sum * 1e-17 && ratio < 1)
            {
                return logScale + Math.Log(sum);
            }
        }

        // Not converged within MaxTerms: the remaining terms are at most a geometric tail with ratio z.
        return logScale + Math.Log(sum + (term * z / (1 - z)));
    }
}
