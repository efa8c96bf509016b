using Kith.Core.Clv;
using Xunit;

namespace Kith.Core.Tests.Clv;

/// <summary>Fits on data that cannot identify a model: a clear error naming the problem, never NaN parameters.</summary>
public class FitInputTests
{
    private static readonly DateOnly Day0 = new(2026, 1, 1);

    private static ClvSummary OnePurchaseEach() => ClvSummary.Build(
        Enumerable.Range(0, 50).Select(i => new CustomerPurchases($"c{i}", [new(Day0.AddDays(i % 20), 20m)])).ToList(),
        new ClvSummaryOptions(Day0.AddDays(60)) { Unit = ClvTimeUnit.Day });

    [Fact]
    public void Bgnbd_on_customers_with_one_purchase_each_says_there_are_no_repeat_purchases()
    {
        var e = Assert.Throws<ArgumentException>(() => BgNbdModel.Fit(OnePurchaseEach()));
        Assert.Contains("no customer made a repeat purchase", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pareto_nbd_on_all_zero_frequencies_says_there_are_no_repeat_purchases()
    {
        var e = Assert.Throws<ArgumentException>(() => ParetoNbdModel.Fit(OnePurchaseEach()));
        Assert.Contains("every x is 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gamma_gamma_without_repeat_buyers_says_it_needs_them()
    {
        var e = Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit(OnePurchaseEach()));
        Assert.Contains("x > 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tiny_store_with_a_few_repeat_purchases_fits_to_finite_parameters()
    {
        var summary = ClvSummary.Build(
            [
                new("a", [new(Day0, 5m), new(Day0.AddDays(3), 5m), new(Day0.AddDays(9), 7m)]),
                new("b", [new(Day0.AddDays(1), 5m)]),
                new("c", [new(Day0.AddDays(2), 5m), new(Day0.AddDays(20), 9m)]),
            ],
            new ClvSummaryOptions(Day0.AddDays(30)) { Unit = ClvTimeUnit.Day });

        foreach (var fit in new IClvModel[] { BgNbdModel.Fit(summary).Model, ParetoNbdModel.Fit(summary).Model, GammaGammaModel.Fit(summary).Model })
        {
            Assert.All(fit.Parameters, p => Assert.True(double.IsFinite(p.Value) && p.Value > 0, $"{fit.Name} {p.Key} = {p.Value}"));
        }
    }
}
