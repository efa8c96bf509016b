using MathNet.Numerics;

namespace Kith.Core.Clv;

public sealed partial record BgNbdModel
{
    /// <summary>
    /// Fits r, α, a, b by maximum likelihood on every customer of the summary (analytic gradient, docs/clv.md).
    /// Throws <see cref="ArgumentException"/> when nobody made a repeat purchase: then the likelihood has no maximum.
    /// </summary>
    public static ModelFit<BgNbdModel> Fit(ClvSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.X.All(x => x == 0))
        {
            throw new ArgumentException(
                "no customer made a repeat purchase in the calibration window (every x is 0): the BG/NBD likelihood keeps rising as r → 0 and has no maximum; choose a later calibration end",
                nameof(summary));
        }

        var groups = CustomerGroups.Of(summary);
        var optimum = MaximumLikelihood.Maximise((p, g) => LogLikelihood(groups, p, g), [1, 1, 1, 1], groups.Customers, analyticGradient: true);
        var u = optimum.LogParameters;
        var model = new BgNbdModel(Math.Exp(u[0]), Math.Exp(u[1]), Math.Exp(u[2]), Math.Exp(u[3]));
        return new ModelFit<BgNbdModel>(model, groups.Customers, optimum.LogLikelihood, optimum.Converged, optimum.Iterations, optimum.Optimizer, optimum.StandardErrors);
    }

    /// <summary>Σ ln L over the groups and, when <paramref name="gradient"/> is given, its gradient in (r, α, a, b).</summary>
    internal static double LogLikelihood(CustomerGroups groups, double[] p, double[]? gradient)
    {
        var (r, alpha, a, b) = (p[0], p[1], p[2], p[3]);
        // Everything that depends on x alone, once per x.
        var maxX = groups.MaxX;
        var lgX = new double[maxX + 1];
        var dr = new double[maxX + 1];
        var dab = new double[maxX + 1];
        var db = new double[maxX + 1];
        var (lgR, lgB, lgAb, psiR, psiB, psiAb) = (SpecialFunctions.GammaLn(r), SpecialFunctions.GammaLn(b), SpecialFunctions.GammaLn(a + b),
            SpecialFunctions.DiGamma(r), SpecialFunctions.DiGamma(b), SpecialFunctions.DiGamma(a + b));
        for (var x = 0; x <= maxX; x++)
        {
            lgX[x] = SpecialFunctions.GammaLn(r + x) - lgR + lgAb + SpecialFunctions.GammaLn(b + x) - lgB - SpecialFunctions.GammaLn(a + b + x);
            if (gradient is not null)
            {
                var psiAbx = SpecialFunctions.DiGamma(a + b + x);
                dr[x] = SpecialFunctions.DiGamma(r + x) - psiR;
                dab[x] = psiAb - psiAbx;
                db[x] = psiAb + SpecialFunctions.DiGamma(b + x) - psiB - psiAbx;
            }
        }

        // ln(α + T) and ln(α + t_x) once per distinct value, ln(b + x − 1) once per x.
        var lnT = new double[groups.TValues.Length];
        for (var j = 0; j < lnT.Length; j++)
        {
            lnT[j] = Math.Log(alpha + groups.TValues[j]);
        }

        var lnTx = new double[groups.TxValues.Length];
        for (var j = 0; j < lnTx.Length; j++)
        {
            lnTx[j] = Math.Log(alpha + groups.TxValues[j]);
        }

        var lnBx = new double[maxX + 1];
        for (var x = 1; x <= maxX; x++)
        {
            lnBx[x] = Math.Log(b + x - 1);
        }

        // ln L's last term is ln(e^A₃ + e^A₄) with A₃ = −(r+x) ln(α+T) (x and T alone) and A₄ = ln a − ln(b+x−1) −
        // (r+x) ln(α+t_x) (x and t_x alone). The exponentials are taken once per distinct (x, T) and (x, t_x) pair,
        // shifted by the largest exponent of their x so that none overflows; a group then costs one logarithm. A group
        // whose two terms both fall below 10⁻²⁹⁰ after the shift (exponents spread over more than ~650 within one x)
        // takes the log-sum-exp itself.
        var logA = Math.Log(a);
        var (pT, pTx) = (groups.PairsT, groups.PairsTx);
        var (a3, a4) = (new double[pT.Count], new double[pTx.Count]);
        var shift = new double[maxX + 1];
        Array.Fill(shift, double.NegativeInfinity);
        for (var j = 0; j < a3.Length; j++)
        {
            var x = pT.X[j];
            a3[j] = -(r + x) * lnT[pT.Value[j]];
            shift[x] = Math.Max(shift[x], a3[j]);
        }

        for (var j = 0; j < a4.Length; j++)
        {
            var x = pTx.X[j];
            a4[j] = logA - lnBx[x] - ((r + x) * lnTx[pTx.Value[j]]);
            shift[x] = Math.Max(shift[x], a4[j]);
        }

        var (e3, e4) = (new double[a3.Length], new double[a4.Length]);
        for (var j = 0; j < e3.Length; j++)
        {
            e3[j] = Math.Exp(a3[j] - shift[pT.X[j]]);
        }

        for (var j = 0; j < e4.Length; j++)
        {
            e4[j] = Math.Exp(a4[j] - shift[pTx.X[j]]);
        }

        var logAlpha = Math.Log(alpha);
        var (xs, ts, txs, weights, tIndex, txIndex, pairT, pairTx) =
            (groups.X, groups.T, groups.Tx, groups.Weight, groups.TIndex, groups.TxIndex, groups.PairT, groups.PairTx);
        return ParallelSum.Sum(
            groups.Count,
            (from, to, g) =>
            {
                double sum = 0, g0 = 0, g1 = 0, g2 = 0, g3 = 0;
                for (var i = from; i < to; i++)
                {
                    var x = xs[i];
                    var lnTi = lnT[tIndex[i]];
                    double lse, w4 = 0, lnTxi = 0, bx = b + x - 1;
                    if (x > 0)
                    {
                        lnTxi = lnTx[txIndex[i]];
                        var (u, v) = (e3[pairT[i]], e4[pairTx[i]]);
                        var both = u + v;
                        if (both >= 1e-290)
                        {
                            lse = shift[x] + Math.Log(both);
                            w4 = v / both;
                        }
                        else
                        {
                            var (l3, l4) = (a3[pairT[i]], a4[pairTx[i]]);
                            lse = LogSumExp(l3, l4);
                            w4 = Math.Exp(l4 - lse);
                        }
                    }
                    else
                    {
                        lse = -(r + x) * lnTi;
                    }

                    var w = weights[i];
                    sum += w * (lgX[x] + (r * logAlpha) + lse);
                    if (g is not null)
                    {
                        var w3 = 1 - w4;
                        g0 += w * (dr[x] + logAlpha - (w3 * lnTi) - (w4 * lnTxi));
                        g1 += w * ((r / alpha) - (w3 * (r + x) / (alpha + ts[i])) - (x > 0 ? w4 * (r + x) / (alpha + txs[i]) : 0));
                        g2 += w * (dab[x] + (w4 / a));
                        g3 += w * (db[x] - (x > 0 ? w4 / bx : 0));
                    }
                }

                if (g is not null)
                {
                    (g[0], g[1], g[2], g[3]) = (g0, g1, g2, g3);
                }

                return sum;
            },
            gradient);
    }
}
