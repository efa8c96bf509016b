using MathNet.Numerics;

namespace Kith.Core.Clv;

public sealed partial record GammaGammaModel
{
    /// <summary>The BFGS (and simplex) iteration cap of a Gamma-Gamma fit: CDNOW needs about 30.</summary>
    private const int MaxIterations = 400;

    /// <summary>The finite stand-in for an infinite parameter when the likelihood's supremum is on a boundary.</summary>
    internal const double Infinite = 1e8;

    /// <summary>An interior optimum must beat both boundary limits by more than this (log-likelihood units) to count.</summary>
    private const double BoundaryMargin = 1e-3;

    /// <summary>
    /// Fits p, q, γ by maximum likelihood (analytic gradient) on the summary's repeat buyers (x &gt; 0) whose mean repeat
    /// value is positive; a repeat buyer whose repeat purchases were all free has z̄ = 0, outside the model's support,
    /// and is left out (the fit's customer count says how many were used). Throws <see cref="ArgumentException"/> when
    /// no customer qualifies.
    /// <para>
    /// The likelihood may have no interior maximum: when spend per purchase does not vary between customers beyond
    /// chance it keeps rising as q, γ → ∞ (γ/q fixed), and when a customer's purchases never vary around their own mean
    /// it keeps rising as p → ∞. Both limits are fitted directly (two-parameter Gamma and inverse-Gamma likelihoods);
    /// unless the interior optimum beats both, the fit is returned with <c>Converged = false</c>, a <c>Note</c> saying
    /// which limit and the limiting model with the infinite parameter set to 10⁸. The iteration cap bounds the time.
    /// </para>
    /// </summary>
    public static ModelFit<GammaGammaModel> Fit(ClvSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var groups = SpendGroups.Of(summary);
        if (groups.Customers == 0)
        {
            throw new ArgumentException("no repeat buyer with a positive mean repeat purchase value: the Gamma-Gamma model needs customers with x > 0", nameof(summary));
        }

        if (groups.Count == 1)
        {
            throw new ArgumentException("every repeat buyer has the same x and the same mean value: the Gamma-Gamma likelihood is flat and has no unique maximum", nameof(summary));
        }

        var meanZ = groups.MeanValue;
        MaximumLikelihood.Optimum? interior;
        try
        {
            interior = MaximumLikelihood.Maximise((p, g) => LogLikelihood(groups, p, g), [1, 1, Math.Max(1e-3, meanZ)], groups.Customers, analyticGradient: true, MaxIterations);
        }
        catch (ArgumentException)
        {
            interior = null; // neither BFGS nor the simplex converged within the cap
        }

        // q, γ → ∞ with γ/q = 1/ν: z̄ ~ Gamma(px, xν), spend does not vary between customers.
        var homogeneous = MaximumLikelihood.Maximise((p, g) => HomogeneousLogLikelihood(groups, p, g), [1, 1 / meanZ], groups.Customers, analyticGradient: true, MaxIterations);
        // p → ∞ with pγ = c: z̄ = p/ν exactly, 1/z̄ ~ Gamma(q, c), no variation around a customer's own mean.
        var constant = MaximumLikelihood.Maximise((p, g) => ConstantLogLikelihood(groups, p, g), [1, meanZ], groups.Customers, analyticGradient: true, MaxIterations);
        var best = Math.Max(homogeneous.LogLikelihood, constant.LogLikelihood);
        if (interior is not null && interior.Converged && interior.LogLikelihood > best + BoundaryMargin)
        {
            var u = interior.LogParameters;
            var model = new GammaGammaModel(Math.Exp(u[0]), Math.Exp(u[1]), Math.Exp(u[2]));
            return new ModelFit<GammaGammaModel>(model, groups.Customers, interior.LogLikelihood, true, interior.Iterations, interior.Optimizer, interior.StandardErrors);
        }

        var iterations = (interior?.Iterations ?? 0) + homogeneous.Iterations + constant.Iterations;
        if (homogeneous.LogLikelihood >= constant.LogLikelihood)
        {
            var (p, nu) = (Math.Exp(homogeneous.LogParameters[0]), Math.Exp(homogeneous.LogParameters[1]));
            var limit = new GammaGammaModel(p, Infinite, Infinite / nu);
            return new ModelFit<GammaGammaModel>(limit, groups.Customers, homogeneous.LogLikelihood, false, iterations, "BFGS (boundary q → ∞)", null,
                $"the Gamma-Gamma likelihood keeps rising as q, γ → ∞: spend per purchase does not vary between customers beyond chance, so every customer's expected spend is the population mean p/ν = {p / nu:G4} (reported at q = 10⁸)");
        }

        var (q, c) = (Math.Exp(constant.LogParameters[0]), Math.Exp(constant.LogParameters[1]));
        return new ModelFit<GammaGammaModel>(new GammaGammaModel(Infinite, q, c / Infinite), groups.Customers, constant.LogLikelihood, false, iterations, "BFGS (boundary p → ∞)", null,
            "the Gamma-Gamma likelihood keeps rising as p → ∞: each customer's purchases do not vary around their own mean, so a customer's expected spend is their own z̄ (reported at p = 10⁸)");
    }

    /// <summary>
    /// Σ ln f(z̄ | x) over the (x, z̄) groups; the Gamma and digamma functions depend on x alone and are taken once per x.
    /// </summary>
    private static double LogLikelihood(SpendGroups groups, double[] theta, double[]? gradient)
    {
        var (p, q, v) = (theta[0], theta[1], theta[2]);
        var (lgQ, psiQ, logV) = (SpecialFunctions.GammaLn(q), SpecialFunctions.DiGamma(q), Math.Log(v));
        var (head, dp, dq) = (new double[groups.MaxX + 1], new double[groups.MaxX + 1], new double[groups.MaxX + 1]);
        for (var x = 1; x <= groups.MaxX; x++)
        {
            var px = p * x;
            head[x] = SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) - lgQ + (q * logV) + (px * Math.Log(x));
            if (gradient is not null)
            {
                var psiPxQ = SpecialFunctions.DiGamma(px + q);
                dp[x] = x * (psiPxQ - SpecialFunctions.DiGamma(px) + Math.Log(x));
                dq[x] = psiPxQ - psiQ + logV;
            }
        }

        var (xs, zs, logZs, weights) = (groups.X, groups.Z, groups.LogZ, groups.Weight);
        return ParallelSum.Sum(
            groups.Count,
            (from, to, g) =>
            {
                double sum = 0, g0 = 0, g1 = 0, g2 = 0;
                for (var i = from; i < to; i++)
                {
                    var (x, logZ, w) = (xs[i], logZs[i], weights[i]);
                    var px = p * x;
                    var vxz = v + (x * zs[i]);
                    var logVxz = Math.Log(vxz);
                    sum += w * (head[x] + ((px - 1) * logZ) - ((px + q) * logVxz));
                    if (g is not null)
                    {
                        g0 += w * (dp[x] + (x * (logZ - logVxz)));
                        g1 += w * (dq[x] - logVxz);
                        g2 += w * ((q / v) - ((px + q) / vxz));
                    }
                }

                if (g is not null)
                {
                    (g[0], g[1], g[2]) = (g0, g1, g2);
                }

                return sum;
            },
            gradient);
    }

    /// <summary>The q, γ → ∞ limit: ln f = px ln(xν) − ln Γ(px) + (px−1) ln z̄ − xν z̄; parameters (p, ν).</summary>
    private static double HomogeneousLogLikelihood(SpendGroups groups, double[] theta, double[]? gradient)
    {
        var (p, nu) = (theta[0], theta[1]);
        var (head, dp) = (new double[groups.MaxX + 1], new double[groups.MaxX + 1]);
        for (var x = 1; x <= groups.MaxX; x++)
        {
            head[x] = (p * x * Math.Log(x * nu)) - SpecialFunctions.GammaLn(p * x);
            dp[x] = x * (Math.Log(x * nu) - SpecialFunctions.DiGamma(p * x));
        }

        var (xs, zs, logZs, weights) = (groups.X, groups.Z, groups.LogZ, groups.Weight);
        return ParallelSum.Sum(
            groups.Count,
            (from, to, g) =>
            {
                double sum = 0, g0 = 0, g1 = 0;
                for (var i = from; i < to; i++)
                {
                    var (x, z, logZ, w) = (xs[i], zs[i], logZs[i], weights[i]);
                    sum += w * (head[x] + (((p * x) - 1) * logZ) - (x * nu * z));
                    if (g is not null)
                    {
                        g0 += w * (dp[x] + (x * logZ));
                        g1 += w * ((p * x / nu) - (x * z));
                    }
                }

                if (g is not null)
                {
                    (g[0], g[1]) = (g0, g1);
                }

                return sum;
            },
            gradient);
    }

    /// <summary>The p → ∞ limit: 1/z̄ ~ Gamma(q, c), ln f = q ln c − ln Γ(q) − (q+1) ln z̄ − c/z̄; parameters (q, c).</summary>
    private static double ConstantLogLikelihood(SpendGroups groups, double[] theta, double[]? gradient)
    {
        var (q, c) = (theta[0], theta[1]);
        var (head, psiQ, logC) = ((q * Math.Log(c)) - SpecialFunctions.GammaLn(q), SpecialFunctions.DiGamma(q), Math.Log(c));
        var (zs, logZs, weights) = (groups.Z, groups.LogZ, groups.Weight);
        return ParallelSum.Sum(
            groups.Count,
            (from, to, g) =>
            {
                double sum = 0, g0 = 0, g1 = 0;
                for (var i = from; i < to; i++)
                {
                    var (z, logZ, w) = (zs[i], logZs[i], weights[i]);
                    sum += w * (head - ((q + 1) * logZ) - (c / z));
                    if (g is not null)
                    {
                        g0 += w * (logC - psiQ - logZ);
                        g1 += w * ((q / c) - (1 / z));
                    }
                }

                if (g is not null)
                {
                    (g[0], g[1]) = (g0, g1);
                }

                return sum;
            },
            gradient);
    }
}
