using MathNet.Numerics;

namespace Kith.Core.Clv;

/// <summary>
/// The BG/NBD model (Fader, Hardie &amp; Lee 2005, "Counting your customers the easy way"): while alive a customer buys
/// at Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).
/// Formulas in docs/clv.md; time in the unit of the summary it was fitted on.
/// </summary>
public sealed partial record BgNbdModel(double R, double Alpha, double A, double B) : IRepeatPurchaseModel, IFactoredPurchaseModel
{
    public string Name => "bgnbd";

    public IReadOnlyList<KeyValuePair<string, double>> Parameters =>
        [new("r", R), new("alpha", Alpha), new("a", A), new("b", B)];

    /// <inheritdoc/>
    public double LogLikelihood(int x, double tx, double t)
    {
        var a1 = SpecialFunctions.GammaLn(R + x) - SpecialFunctions.GammaLn(R) + (R * Math.Log(Alpha));
        var a2 = SpecialFunctions.GammaLn(A + B) + SpecialFunctions.GammaLn(B + x) - SpecialFunctions.GammaLn(B) - SpecialFunctions.GammaLn(A + B + x);
        var a3 = -(R + x) * Math.Log(Alpha + t);
        return a1 + a2 + (x > 0 ? LogSumExp(a3, Math.Log(A) - Math.Log(B + x - 1) - ((R + x) * Math.Log(Alpha + tx))) : a3);
    }

    /// <inheritdoc/>
    public double ProbabilityAlive(int x, double tx, double t) =>
        x == 0 ? 1 : 1 / (1 + (A / (B + x - 1) * Math.Exp((R + x) * (Math.Log(Alpha + t) - Math.Log(Alpha + tx)))));

    /// <inheritdoc/>
    public double ExpectedPurchases(double horizon, int x, double tx, double t) =>
        horizon <= 0 ? 0 : CombineExpectedPurchases(ExpectedPurchasesPart(horizon, x, t), ExpectedPurchasesFactor(x, tx, t));

    /// <summary>(a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]: no t_x in it.</summary>
    double IFactoredPurchaseModel.ExpectedPurchasesPart(double horizon, int x, double t) => ExpectedPurchasesPart(horizon, x, t);

    /// <summary>1 + δ(x&gt;0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x), the denominator.</summary>
    double IFactoredPurchaseModel.ExpectedPurchasesFactor(int x, double tx, double t) => ExpectedPurchasesFactor(x, tx, t);

    double IFactoredPurchaseModel.CombineExpectedPurchases(double part, double factor) => CombineExpectedPurchases(part, factor);

    private double ExpectedPurchasesPart(double horizon, int x, double t)
    {
        var a = NotOne(A);
        var head = (a + B + x - 1) / (a - 1);
        var z = horizon / (Alpha + t + horizon);
        var hyper = Hypergeometric.TwoF1(R + x, B + x, a + B + x - 1, z);
        var tail = 1 - (Math.Exp((R + x) * Math.Log((Alpha + t) / (Alpha + t + horizon))) * hyper);
        return head * tail;
    }

    private double ExpectedPurchasesFactor(int x, double tx, double t)
    {
        var a = NotOne(A);
        return x == 0 ? 1 : 1 + (a / (B + x - 1) * Math.Exp((R + x) * (Math.Log(Alpha + t) - Math.Log(Alpha + tx))));
    }

    private static double CombineExpectedPurchases(double part, double factor) => Math.Max(0, part / factor);

    /// <inheritdoc/>
    public double ExpectedRepeatPurchases(double t)
    {
        if (t <= 0)
        {
            return 0;
        }

        var a = NotOne(A);
        var hyper = Hypergeometric.TwoF1(R, B, a + B - 1, t / (Alpha + t));
        return Math.Max(0, (a + B - 1) / (a - 1) * (1 - (Math.Pow(Alpha / (Alpha + t), R) * hyper)));
    }

    /// <summary>The prediction formulas divide by a − 1; at a = 1 they have a finite limit, taken a hair away.</summary>
    private static double NotOne(double a) => Math.Abs(a - 1) < 1e-7 ? 1 + 1e-7 : a;

    internal static double LogSumExp(double u, double v)
    {
        var max = Math.Max(u, v);
        return max + Math.Log(Math.Exp(u - max) + Math.Exp(v - max));
    }
}
