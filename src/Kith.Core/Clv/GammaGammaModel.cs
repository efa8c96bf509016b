using MathNet.Numerics;

namespace Kith.Core.Clv;

/// <summary>
/// The Gamma-Gamma model of spend per purchase (Fader, Hardie &amp; Lee 2005, "RFM and CLV: using iso-value curves";
/// Colombo &amp; Jiang 1999): each purchase's value ~ Gamma(p, ν), the customer's ν ~ Gamma(q, γ). Fitted on the mean
/// value z̄ of each repeat buyer's x repeat purchases. The parameter γ is spelled <c>v</c> in the CLI and API.
/// </summary>
public sealed partial record GammaGammaModel(double P, double Q, double V) : IClvModel
{
    public string Name => "gammagamma";

    public IReadOnlyList<KeyValuePair<string, double>> Parameters => [new("p", P), new("q", Q), new("v", V)];

    /// <summary>ln f(z̄ | p, q, γ; x) = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln z̄ + px ln x − (px+q) ln(γ + x z̄).</summary>
    public double LogLikelihood(int x, double meanValue)
    {
        var px = P * x;
        return SpecialFunctions.GammaLn(px + Q) - SpecialFunctions.GammaLn(px) - SpecialFunctions.GammaLn(Q) + (Q * Math.Log(V))
            + ((px - 1) * Math.Log(meanValue)) + (px * Math.Log(x)) - ((px + Q) * Math.Log(V + (x * meanValue)));
    }

    /// <summary>
    /// E[spend per purchase | x, z̄] = p(γ + x z̄) / (px + q − 1): a weighted mean of the population mean pγ / (q − 1) and
    /// the customer's own z̄. Null when it does not exist (q ≤ 1 and x too small): the fitted spend has no finite mean.
    /// </summary>
    public double? ExpectedSpend(int x, double meanValue)
    {
        var denominator = (P * x) + Q - 1;
        return denominator > 0 ? P * (V + (x * meanValue)) / denominator : null;
    }
}
