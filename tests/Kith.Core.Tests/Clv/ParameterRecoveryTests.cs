using Kith.Core.Clv;
using MathNet.Numerics.Distributions;
using Xunit;

namespace Kith.Core.Tests.Clv;

/// <summary>
/// A store simulated from known BG/NBD parameters (fixed seed): the fit must recover each parameter within three of
/// its own standard errors, and the model's expectations must match what the simulated customers did.
/// </summary>
public class ParameterRecoveryTests
{
    private static readonly DateOnly Start = new(2025, 1, 1);
    private static readonly DateOnly CalibrationEnd = new(2025, 12, 31);
    private static readonly BgNbdModel Truth = new(R: 0.6, Alpha: 40, A: 0.8, B: 2.5); // time in days

    /// <summary>Customers acquired over the first half of the year; purchase days simulated in continuous time and rounded down.</summary>
    private static List<CustomerPurchases> Simulate(int customers, DateOnly end, int seed)
    {
        var random = new Random(seed);
        var list = new List<CustomerPurchases>(customers);
        for (var c = 0; c < customers; c++)
        {
            var first = Start.AddDays(random.Next(0, 182));
            var lambda = Gamma.Sample(random, Truth.R, Truth.Alpha);
            var p = Beta.Sample(random, Truth.A, Truth.B);
            var purchases = new List<Purchase> { new(first, 10m) };
            var horizon = end.DayNumber - first.DayNumber + 1;
            var t = 0.0;
            while (true)
            {
                t += Exponential.Sample(random, lambda);
                if (t >= horizon)
                {
                    break;
                }

                purchases.Add(new Purchase(first.AddDays((int)t), 10m));
                if (random.NextDouble() < p)
                {
                    break;
                }
            }

            list.Add(new CustomerPurchases($"c{c}", purchases));
        }

        return list;
    }

    [Fact]
    public void Fit_recovers_simulated_bgnbd_parameters_within_three_standard_errors()
    {
        var summary = ClvSummary.Build(Simulate(20_000, CalibrationEnd, seed: 20260501), new ClvSummaryOptions(CalibrationEnd) { Unit = ClvTimeUnit.Day });

        var fit = BgNbdModel.Fit(summary);

        Assert.True(fit.Converged);
        Assert.NotNull(fit.StandardErrors);
        double[] truth = [Truth.R, Truth.Alpha, Truth.A, Truth.B];
        for (var j = 0; j < truth.Length; j++)
        {
            var (name, estimate) = fit.Model.Parameters[j];
            var se = fit.StandardErrors[j];
            Assert.True(Math.Abs(estimate - truth[j]) < 3 * se, $"{name}: estimate {estimate:G4}, truth {truth[j]}, standard error {se:G3}");
            Assert.True(se < 0.25 * truth[j], $"{name}: standard error {se:G3} is too wide to prove anything");
        }
    }

    [Fact]
    public void Expected_repeat_purchases_of_new_customers_match_a_simulation_of_the_true_model()
    {
        // All customers start on day 0 (the simulation's first half-year spread is undone by giving each its own horizon).
        var random = new Random(7);
        const int N = 40_000;
        var horizon = 120.0;
        double sum = 0, sumSquares = 0;
        for (var c = 0; c < N; c++)
        {
            var lambda = Gamma.Sample(random, Truth.R, Truth.Alpha);
            var p = Beta.Sample(random, Truth.A, Truth.B);
            var (t, x) = (0.0, 0);
            while ((t += Exponential.Sample(random, lambda)) < horizon)
            {
                x++;
                if (random.NextDouble() < p)
                {
                    break;
                }
            }

            sum += x;
            sumSquares += (double)x * x;
        }

        var mean = sum / N;
        var standardError = Math.Sqrt(((sumSquares / N) - (mean * mean)) / N);

        Assert.InRange(Truth.ExpectedRepeatPurchases(horizon), mean - (3 * standardError), mean + (3 * standardError));
    }
}
