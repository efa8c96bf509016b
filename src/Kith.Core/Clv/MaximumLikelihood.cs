using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Kith.Core.Clv;

/// <summary>
/// Maximum likelihood over log-parameters with MathNet.Numerics: BFGS on the mean negative log-likelihood (analytic or
/// central-difference gradient); when BFGS stops without converging (a failed line search, too many iterations), a
/// Nelder–Mead simplex from the start followed by BFGS again. Standard errors come from the Hessian of −LL, taken by
/// central differences of the gradient.
/// </summary>
internal static class MaximumLikelihood
{
    /// <summary>Log-parameters beyond ±this are treated as outside the model (e^30 ≈ 10¹³).</summary>
    private const double Bound = 30;

    internal sealed record Optimum(double[] LogParameters, double LogLikelihood, bool Converged, int Iterations, string Optimizer, double[]? StandardErrors);

    /// <summary>
    /// Maximises Σ ln L. <paramref name="logLikelihood"/> gets the parameters (not their logs) and, when the gradient
    /// array is given, adds ∂ΣlnL/∂θ to it; <paramref name="analyticGradient"/> false means it never fills the gradient.
    /// <paramref name="maxIterations"/> caps BFGS and the simplex each, which bounds the time a fit can take.
    /// </summary>
    public static Optimum Maximise(Func<double[], double[]?, double> logLikelihood, double[] start, double weight, bool analyticGradient, int maxIterations = 2000)
    {
        var k = start.Length;

        // Mean −LL of log-parameters u, and its gradient in u (∂/∂u = θ ∂/∂θ).
        (double, Vector<double>) Objective(Vector<double> u)
        {
            var gradient = new double[k];
            if (u.Any(v => !double.IsFinite(v) || Math.Abs(v) > Bound))
            {
                return (1e6 + u.Sum(v => double.IsFinite(v) ? v * v : 1e6), Vector<double>.Build.DenseOfArray(u.Select(v => double.IsFinite(v) ? 2 * v : 0).ToArray()));
            }

            var theta = u.Select(v => Math.Exp(v)).ToArray();
            double value;
            if (analyticGradient)
            {
                value = logLikelihood(theta, gradient);
            }
            else
            {
                value = logLikelihood(theta, null);
                NumericGradient(logLikelihood, u.ToArray(), gradient);
                for (var j = 0; j < k; j++)
                {
                    gradient[j] /= theta[j]; // turned back into θ below
                }
            }

            if (!double.IsFinite(value) || gradient.Any(g => !double.IsFinite(g)))
            {
                return (1e6, Vector<double>.Build.Dense(k));
            }

            var du = new double[k];
            for (var j = 0; j < k; j++)
            {
                du[j] = -gradient[j] * theta[j] / weight;
            }

            return (-value / weight, Vector<double>.Build.DenseOfArray(du));
        }

        var objective = ObjectiveFunction.Gradient(Objective);
        var initial = Vector<double>.Build.DenseOfArray(start.Select(v => Math.Log(v)).ToArray());
        var bfgs = new BfgsMinimizer(1e-9, 1e-12, 1e-15, maxIterations);
        MinimizationResult? result = null;
        var optimizer = "BFGS";
        try
        {
            result = bfgs.FindMinimum(objective, initial);
        }
        catch (Exception e) when (e is OptimizationException or MaximumIterationsException or ArithmeticException)
        {
            optimizer = "Nelder-Mead + BFGS";
        }

        var iterations = result?.Iterations ?? 0;
        if (result is null || !Converged(result))
        {
            MinimizationResult simplex;
            try
            {
                simplex = new NelderMeadSimplex(1e-12, maxIterations).FindMinimum(ObjectiveFunction.Value(u => Objective(u).Item1), initial);
            }
            catch (MaximumIterationsException) when (result is not null)
            {
                var stopped = result.MinimizingPoint.ToArray();
                return new Optimum(stopped, logLikelihood(stopped.Select(v => Math.Exp(v)).ToArray(), null), false, iterations, optimizer, null);
            }
            catch (MaximumIterationsException)
            {
                throw new ArgumentException(
                    "the maximum likelihood search did not converge: the likelihood is flat or keeps rising towards extreme parameters (for Gamma-Gamma: spend per purchase hardly varies between customers)");
            }

            iterations += simplex.Iterations;
            result = simplex;
            optimizer = "Nelder-Mead";
            try
            {
                var polished = bfgs.FindMinimum(objective, simplex.MinimizingPoint);
                iterations += polished.Iterations;
                if (polished.FunctionInfoAtMinimum.Value <= simplex.FunctionInfoAtMinimum.Value)
                {
                    result = polished;
                    optimizer = "Nelder-Mead + BFGS";
                }
            }
            catch (Exception e) when (e is OptimizationException or MaximumIterationsException or ArithmeticException)
            {
                // keep the simplex's point
            }
        }

        var point = result.MinimizingPoint.ToArray();
        var ll = logLikelihood(point.Select(v => Math.Exp(v)).ToArray(), null);
        return new Optimum(point, ll, Converged(result), iterations, optimizer, StandardErrors(u => Objective(u).Item2 * weight, point));
    }

    private static bool Converged(MinimizationResult result) =>
        result.ReasonForExit is ExitCondition.AbsoluteGradient or ExitCondition.RelativeGradient or ExitCondition.Converged
            or ExitCondition.RelativePoints or ExitCondition.LackOfProgress;

    /// <summary>∂ΣlnL/∂u by central differences in the log-parameters u.</summary>
    private static void NumericGradient(Func<double[], double[]?, double> logLikelihood, double[] u, double[] gradient)
    {
        const double H = 1e-5;
        for (var j = 0; j < u.Length; j++)
        {
            var up = (double[])u.Clone();
            var down = (double[])u.Clone();
            up[j] += H;
            down[j] -= H;
            gradient[j] = (logLikelihood(up.Select(v => Math.Exp(v)).ToArray(), null) - logLikelihood(down.Select(v => Math.Exp(v)).ToArray(), null)) / (2 * H);
        }
    }

    /// <summary>SE(θⱼ) = θⱼ · sqrt((H⁻¹)ⱼⱼ), H the Hessian of −LL in u = ln θ (the delta method); null if H is not positive definite.</summary>
    private static double[]? StandardErrors(Func<Vector<double>, Vector<double>> gradient, double[] u)
    {
        const double H = 1e-4;
        var k = u.Length;
        var hessian = Matrix<double>.Build.Dense(k, k);
        for (var j = 0; j < k; j++)
        {
            var up = Vector<double>.Build.DenseOfArray(u);
            var down = Vector<double>.Build.DenseOfArray(u);
            up[j] += H;
            down[j] -= H;
            hessian.SetColumn(j, (gradient(up) - gradient(down)) / (2 * H));
        }

        hessian = (hessian + hessian.Transpose()) / 2;
        try
        {
            var inverse = hessian.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(k));
            var se = Enumerable.Range(0, k).Select(j => Math.Exp(u[j]) * Math.Sqrt(inverse[j, j])).ToArray();
            return se.All(double.IsFinite) ? se : null;
        }
        catch (ArgumentException)
        {
            return null; // not positive definite: the likelihood is flat or the fit is on a ridge
        }
    }
}
