using MathNet.Numerics;

namespace Kith.Core.Clv;

/// <summary>
/// The Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987; likelihood as in Fader &amp; Hardie's 2005 note
/// "A note on deriving the Pareto/NBD model and related expressions"): while alive a customer buys at Poisson rate
/// λ ~ Gamma(r, α) and stays alive for an exponential lifetime with rate μ ~ Gamma(s, β). Formulas in docs/clv.md.
/// </summary>
public sealed partial record ParetoNbdModel(double R, double Alpha, double S, double Beta) : IRepeatPurchaseModel, IFactoredPurchaseModel
{
    public string Name => "paretonbd";

    public IReadOnlyList<KeyValuePair<string, double>> Parameters =>
        [new("r", R), new("alpha", Alpha), new("s", S), new("beta", Beta)];

    /// <inheritdoc/>
    public double LogLikelihood(int x, double tx, double t) =>
        SpecialFunctions.GammaLn(R + x) - SpecialFunctions.GammaLn(R) + LogLikelihoodTail(x, tx, t, out _);

    /// <summary>
    /// ln L − ln Γ(r + x) + ln Γ(r) = r ln α + s ln β + ln(E₁ + E₂), where E₁ = (α+T)^−(r+x) (β+T)^−s is "alive at T" and
    /// E₂ = s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ is "died between t_x and T" (the 2F1 terms of the note);
    /// <paramref name="aliveShare"/> = E₁ / (E₁ + E₂) = P(alive).
    /// </summary>
    internal double LogLikelihoodTail(int x, double tx, double t, out double aliveShare)
    {
        var logE1 = (-(R + x) * Math.Log(Alpha + t)) - (S * Math.Log(Beta + t));
        var logE2 = Math.Log(S) + LogDeathIntegral(x, tx, t);
        var total = BgNbdModel.LogSumExp(logE1, logE2);
        aliveShare = Math.Exp(logE1 - total);
        return (R * Math.Log(Alpha)) + (S * Math.Log(Beta)) + total;
    }

    /// <summary>ln ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ = ln(G(t_x) − G(T)); −∞ when t_x = T.</summary>
    internal double LogDeathIntegral(int x, double tx, double t)
    {
        if (t <= tx)
        {
            return double.NegativeInfinity;
        }

        var upper = LogG(x, tx);
        var lower = LogG(x, t);
        return upper + Math.Log(-SpecialFunctions.Expm1(lower - upper));
    }

    /// <summary>
    /// ln G(τ), G(τ) = ∫_τ^∞ (α+u)^−(r+x) (β+u)^−(s+1) du = (M+τ)^−(r+s+x) ₂F₁(r+s+x, b; r+s+x+1; |α−β|/(M+τ)) / (r+s+x),
    /// with M = max(α, β) and b = s + 1 when α ≥ β, r + x when α &lt; β — so that the argument is in [0, 1).
    /// </summary>
    private double LogG(int x, double tau)
    {
        var rsx = R + S + x;
        var (max, b) = Alpha >= Beta ? (Alpha, S + 1) : (Beta, R + x);
        var z = Math.Abs(Alpha - Beta) / (max + tau);
        return (-rsx * Math.Log(max + tau)) - Math.Log(rsx) + Hypergeometric.LogTwoF1(rsx, b, rsx + 1, z);
    }

    /// <inheritdoc/>
    public double ProbabilityAlive(int x, double tx, double t)
    {
        LogLikelihoodTail(x, tx, t, out var alive);
        return alive;
    }

    /// <inheritdoc/>
    public double ExpectedPurchases(double horizon, int x, double tx, double t) =>
        horizon <= 0 ? 0 : ExpectedPurchasesPart(horizon, x, t) * ProbabilityAlive(x, tx, t);

    /// <summary>(r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)]: E[Y] of a customer alive at T.</summary>
    double IFactoredPurchaseModel.ExpectedPurchasesPart(double horizon, int x, double t) => ExpectedPurchasesPart(horizon, x, t);

    /// <summary>P(alive | x, t_x, T).</summary>
    double IFactoredPurchaseModel.ExpectedPurchasesFactor(int x, double tx, double t) => ProbabilityAlive(x, tx, t);

    double IFactoredPurchaseModel.CombineExpectedPurchases(double part, double factor) => part * factor;

    private double ExpectedPurchasesPart(double horizon, int x, double t) => (R + x) * (Beta + t) / (Alpha + t) * Survival(horizon / (Beta + t));

    /// <inheritdoc/>
    public double ExpectedRepeatPurchases(double t) =>
        t <= 0 ? 0 : R * Beta / Alpha * Survival(t / Beta);

    /// <summary>
    /// [1 − (1 + u)^−(s−1)] / (s − 1), with its limit ln(1 + u) at s = 1: E[alive time within the horizon] in units of
    /// β + T. Written with expm1/log1p so that s near 1 loses no digits.
    /// </summary>
    private double Survival(double u)
    {
        var log = SpecialFunctions.Log1p(u);
        var s1 = S - 1;
        return Math.Abs(s1 * log) < 1e-10 ? log : -SpecialFunctions.Expm1(-s1 * log) / s1;
    }
}
