using MathNet.Numerics;

namespace Kith.Core.Clv;

public sealed partial record GammaGammaModel
{
    /// <summary>
    /// Fits p, q, γ by maximum likelihood (analytic gradient) on the summary's repeat buyers (x &gt; 0) whose mean repeat
    /// value is positive; a repeat buyer whose repeat purchases were all free has z̄ = 0, outside the model's support,
    /// and is left out (the fit's customer count says how many were used). Throws <see cref="ArgumentException"/> when
    /// no customer qualifies.
    /// </summary>
    public static ModelFit<GammaGammaModel> Fit(ClvSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var used = Enumerable.Range(0, summary.CustomerCount).Where(i => summary.X[i] > 0 && summary.Monetary[i] > 0).ToArray();
        if (used.Length == 0)
        {
            throw new ArgumentException("no repeat buyer with a positive mean repeat purchase value: the Gamma-Gamma model needs customers with x > 0", nameof(summary));
        }

        var (x, z) = (used.Select(i => summary.X[i]).ToArray(), used.Select(i => summary.Monetary[i]).ToArray());
        if (z.Distinct().Count() == 1 && x.Distinct().Count() == 1)
        {
            throw new ArgumentException("every repeat buyer has the same x and the same mean value: the Gamma-Gamma likelihood is flat and has no unique maximum", nameof(summary));
        }

        var optimum = MaximumLikelihood.Maximise((p, g) => LogLikelihood(x, z, p, g), [1, 1, Math.Max(1e-3, z.Average())], used.Length, analyticGradient: true);
        var u = optimum.LogParameters;
        var model = new GammaGammaModel(Math.Exp(u[0]), Math.Exp(u[1]), Math.Exp(u[2]));
        return new ModelFit<GammaGammaModel>(model, used.Length, optimum.LogLikelihood, optimum.Converged, optimum.Iterations, optimum.Optimizer, optimum.StandardErrors);
    }

    private static double LogLikelihood(int[] x, double[] z, double[] theta, double[]? gradient)
    {
        var (p, q, v) = (theta[0], theta[1], theta[2]);
        var (lgQ, psiQ, logV) = (SpecialFunctions.GammaLn(q), SpecialFunctions.DiGamma(q), Math.Log(v));
        double sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var px = p * x[i];
            var (logZ, logX, logVxz) = (Math.Log(z[i]), Math.Log(x[i]), Math.Log(v + (x[i] * z[i])));
            sum += SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) - lgQ + (q * logV) + ((px - 1) * logZ) + (px * logX) - ((px + q) * logVxz);
            if (gradient is not null)
            {
                var psiPxQ = SpecialFunctions.DiGamma(px + q);
                gradient[0] += x[i] * (psiPxQ - SpecialFunctions.DiGamma(px) + logZ + logX - logVxz);
                gradient[1] += psiPxQ - psiQ + logV - logVxz;
                gradient[2] += (q / v) - ((px + q) / (v + (x[i] * z[i])));
            }
        }

        return sum;
    }
}
