using System.Diagnostics;
using Kith.Core.Clv;
using MathNet.Numerics.Distributions;
using Xunit;

namespace Kith.Core.Tests.Clv;

/// <summary>
/// Bug: a Gamma-Gamma fit on simulated customers whose spend per purchase was uniform (the same for everyone) did not
/// finish in minutes: the likelihood keeps rising as q, γ → ∞, BFGS crept along that ridge for 2,000 iterations, then a
/// 2,000-step simplex, each step a pass over every customer. Now both boundary limits are fitted directly and the fit
/// stops with converged = false and a note; the expected spend it implies is checked against the simulation's truth.
/// </summary>
public class GammaGammaFlatLikelihoodTests
{
    private static readonly DateOnly Day0 = new(2026, 1, 1);

    /// <summary>Customers with 2..8 weekly purchases; <paramref name="price"/>(customer, purchase) gives each value.</summary>
    private static ClvSummary Simulate(int customers, int seed, Func<Random, decimal, decimal> price)
    {
        var random = new Random(seed);
        var list = new List<CustomerPurchases>(customers);
        for (var c = 0; c < customers; c++)
        {
            var n = 2 + random.Next(0, 7);
            // The customer's own price: 1 / price ~ Gamma(shape 5, rate 200), mean price 200 / 4 = 50.
            var own = (decimal)(1 / Gamma.Sample(random, 5, 200));
            var purchases = Enumerable.Range(0, n).Select(k => new Purchase(Day0.AddDays(k * 7), Math.Round(price(random, own), 2))).ToList();
            list.Add(new CustomerPurchases($"c{c}", purchases));
        }

        return ClvSummary.Build(list, new ClvSummaryOptions(Day0.AddDays(70)) { Unit = ClvTimeUnit.Day });
    }

    [Fact]
    public void Fit_on_spend_uniform_for_everyone_stops_quickly_at_q_infinite_and_predicts_the_population_mean()
    {
        // Every purchase ~ Uniform(10, 30) whoever buys: mean 20, no heterogeneity between customers.
        var summary = Simulate(10_000, seed: 11, (random, _) => 10m + (20m * (decimal)random.NextDouble()));
        var clock = Stopwatch.StartNew();

        var fit = GammaGammaModel.Fit(summary);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.False(fit.Converged);
        Assert.Contains("q, γ → ∞", fit.Note, StringComparison.Ordinal);
        Assert.All(fit.Model.Parameters, p => Assert.True(double.IsFinite(p.Value) && p.Value > 0, $"{p.Key} = {p.Value}"));
        // Uniform(10, 30) has CV² = 1/12, so a Gamma with the same moments has shape 12.
        Assert.InRange(fit.Model.P, 10.5, 13.5);
        foreach (var (x, zBar) in new[] { (1, 11.0), (3, 29.0), (7, 20.0) })
        {
            Assert.InRange(fit.Model.ExpectedSpend(x, zBar)!.Value, 19.8, 20.2);
        }
    }

    [Fact]
    public void Fit_on_customers_who_always_pay_their_own_price_trusts_their_own_mean()
    {
        // Each customer pays the same price every time; prices differ between customers: the model's p → ∞ limit. A
        // finite sample cannot tell p = ∞ from a large p, so either a large interior p or the boundary is right.
        var summary = Simulate(5_000, seed: 12, (_, own) => own);

        var fit = GammaGammaModel.Fit(summary);

        Assert.True(fit.Model.P > 50 || fit.Note?.Contains("p → ∞", StringComparison.Ordinal) == true, $"p = {fit.Model.P:G4}, q = {fit.Model.Q:G4}");
        // E[Z | x, z̄] = w z̄ + (1 − w) pγ/(q − 1) with w = px / (px + q − 1): even one repeat purchase gets w ≥ 0.95.
        var (p, q) = (fit.Model.P, fit.Model.Q);
        Assert.True(p / (p + q - 1) >= 0.95, $"p = {p:G4}, q = {q:G4}");
    }
}
