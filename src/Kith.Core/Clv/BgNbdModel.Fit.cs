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

        var (logAlpha, logA) = (Math.Log(alpha), Math.Log(a));
        return groups.Sum(
            (i, g) =>
            {
                var x = groups.X[i];
                var lnT = Math.Log(alpha + groups.T[i]);
                var a3 = -(r + x) * lnT;
                double lse = a3, w4 = 0, lnTx = 0, bx = b + x - 1;
                if (x > 0)
                {
                    lnTx = Math.Log(alpha + groups.Tx[i]);
                    var a4 = logA - Math.Log(bx) - ((r + x) * lnTx);
                    lse = LogSumExp(a3, a4);
                    w4 = Math.Exp(a4 - lse);
                }

                if (g is not null)
                {
                    var w3 = 1 - w4;
                    g[0] = dr[x] + logAlpha - (w3 * lnT) - (w4 * lnTx);
                    g[1] = (r / alpha) - (w3 * (r + x) / (alpha + groups.T[i])) - (x > 0 ? w4 * (r + x) / (alpha + groups.Tx[i]) : 0);
                    g[2] = dab[x] + (w4 / a);
                    g[3] = db[x] - (x > 0 ? w4 / bx : 0);
                }

                return lgX[x] + (r * logAlpha) + lse;
            },
            gradient);
    }
}
