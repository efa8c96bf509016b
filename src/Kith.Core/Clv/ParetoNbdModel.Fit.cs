using MathNet.Numerics;

namespace Kith.Core.Clv;

public sealed partial record ParetoNbdModel
{
    /// <summary>
    /// Fits r, α, s, β by maximum likelihood on every customer of the summary. The gradient is taken by central
    /// differences (the ₂F₁ terms have no convenient derivative in their parameters). Throws
    /// <see cref="ArgumentException"/> when nobody made a repeat purchase.
    /// </summary>
    public static ModelFit<ParetoNbdModel> Fit(ClvSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.X.All(x => x == 0))
        {
            throw new ArgumentException(
                "no customer made a repeat purchase in the calibration window (every x is 0): the Pareto/NBD likelihood has no maximum; choose a later calibration end",
                nameof(summary));
        }

        var groups = CustomerGroups.Of(summary);
        var optimum = MaximumLikelihood.Maximise((p, _) => LogLikelihood(groups, p), [1, 1, 1, 1], groups.Customers, analyticGradient: false);
        var u = optimum.LogParameters;
        var model = new ParetoNbdModel(Math.Exp(u[0]), Math.Exp(u[1]), Math.Exp(u[2]), Math.Exp(u[3]));
        return new ModelFit<ParetoNbdModel>(model, groups.Customers, optimum.LogLikelihood, optimum.Converged, optimum.Iterations, optimum.Optimizer, optimum.StandardErrors);
    }

    internal static double LogLikelihood(CustomerGroups groups, double[] p)
    {
        var model = new ParetoNbdModel(p[0], p[1], p[2], p[3]);
        var maxX = groups.MaxX;
        var lgX = new double[maxX + 1];
        var lgR = SpecialFunctions.GammaLn(model.R);
        for (var x = 0; x <= maxX; x++)
        {
            lgX[x] = SpecialFunctions.GammaLn(model.R + x) - lgR;
        }

        return groups.Sum((i, _) => lgX[groups.X[i]] + model.LogLikelihoodTail(groups.X[i], groups.Tx[i], groups.T[i], out double _), null);
    }
}
