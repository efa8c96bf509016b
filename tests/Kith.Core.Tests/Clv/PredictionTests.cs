using Kith.Core.Clv;
using MathNet.Numerics;
using Xunit;

namespace Kith.Core.Tests.Clv;

/// <summary>The prediction formulas against independent evaluations (quadrature, limits), at the published CDNOW parameters.</summary>
public class PredictionTests
{
    private static readonly BgNbdModel BgNbd = new(0.243, 4.414, 0.793, 2.426);
    private static readonly ParetoNbdModel ParetoNbd = new(0.553, 10.578, 0.606, 11.669);

    [Theory]
    [InlineData(0, 0.0, 38.86)]
    [InlineData(2, 30.43, 38.86)]
    [InlineData(5, 10.0, 30.0)]
    [InlineData(14, 25.0, 25.0)]
    public void Pareto_nbd_likelihood_matches_its_integral_form_by_quadrature(int x, double tx, double t)
    {
        // L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ ]
        var (r, alpha, s, beta) = (ParetoNbd.R, ParetoNbd.Alpha, ParetoNbd.S, ParetoNbd.Beta);
        var death = t > tx ? Integrate.GaussKronrod(tau => Math.Pow(alpha + tau, -(r + x)) * Math.Pow(beta + tau, -(s + 1)), tx, t, out _, out _, 1e-14) : 0;
        var expected = SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + (r * Math.Log(alpha)) + (s * Math.Log(beta))
            + Math.Log(Math.Pow(alpha + t, -(r + x)) * Math.Pow(beta + t, -s) + (s * death));

        Assert.Equal(expected, ParetoNbd.LogLikelihood(x, tx, t), 1e-9);
    }

    [Fact]
    public void Pareto_nbd_alive_probability_with_alpha_above_beta_matches_quadrature()
    {
        // The α ≥ β branch of the 2F1 form (CDNOW's fit has α < β).
        var model = new ParetoNbdModel(0.8, 30, 0.5, 2);
        var (x, tx, t) = (3, 4.0, 40.0);
        var alive = Math.Pow(30 + t, -(0.8 + x)) * Math.Pow(2 + t, -0.5);
        var death = 0.5 * Integrate.GaussKronrod(tau => Math.Pow(30 + tau, -(0.8 + x)) * Math.Pow(2 + tau, -1.5), tx, t, out _, out _, 1e-14);

        Assert.Equal(alive / (alive + death), model.ProbabilityAlive(x, tx, t), 1e-10);
    }

    [Fact]
    public void A_customer_without_repeat_purchases_is_alive_under_bgnbd()
    {
        Assert.Equal(1.0, BgNbd.ProbabilityAlive(0, 0, 30));
    }

    [Fact]
    public void Bgnbd_alive_probability_follows_the_published_formula()
    {
        // P(alive) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)), computed here by hand for x = 2, t_x = 30.43, T = 38.86.
        var expected = 1 / (1 + (0.793 / (2.426 + 1) * Math.Pow((4.414 + 38.86) / (4.414 + 30.43), 2.243)));

        Assert.Equal(expected, BgNbd.ProbabilityAlive(2, 30.43, 38.86), 12);
    }

    [Fact]
    public void Expected_purchases_of_a_just_acquired_customer_equal_the_unconditional_expectation()
    {
        Assert.Equal(BgNbd.ExpectedRepeatPurchases(39), BgNbd.ExpectedPurchases(39, 0, 0, 0), 10);
        Assert.Equal(ParetoNbd.ExpectedRepeatPurchases(39), ParetoNbd.ExpectedPurchases(39, 0, 0, 0), 10);
    }

    [Fact]
    public void Expected_purchases_in_a_short_horizon_approach_rate_times_horizon()
    {
        // Over a tiny horizon h, E[Y(h)] ≈ P(alive) · E[λ | data] · h = P(alive) · (r + x)/(α + T) · h for both models.
        const double H = 1e-6;
        var (x, tx, t) = (4, 20.0, 30.0);

        Assert.Equal(ParetoNbd.ProbabilityAlive(x, tx, t) * (ParetoNbd.R + x) / (ParetoNbd.Alpha + t), ParetoNbd.ExpectedPurchases(H, x, tx, t) / H, 5);
        Assert.Equal(BgNbd.ProbabilityAlive(x, tx, t) * (BgNbd.R + x) / (BgNbd.Alpha + t), BgNbd.ExpectedPurchases(H, x, tx, t) / H, 5);
    }

    [Fact]
    public void Pareto_nbd_predictions_stay_finite_at_s_equal_to_1()
    {
        var model = new ParetoNbdModel(0.5, 10, 1, 12);

        var atOne = model.ExpectedPurchases(39, 2, 20, 38);
        var near = new ParetoNbdModel(0.5, 10, 1 + 1e-7, 12).ExpectedPurchases(39, 2, 20, 38);

        Assert.True(double.IsFinite(atOne));
        Assert.Equal(near, atOne, 5); // s differs by 1e-7, so the values may differ by about that much
    }

    [Fact]
    public void Gamma_gamma_expected_spend_weighs_the_population_mean_and_the_customer_mean()
    {
        var model = new GammaGammaModel(6.25, 3.74, 15.44);

        // p(γ + x z̄)/(px + q − 1) = w · pγ/(q−1) + (1 − w) · z̄ with w = (q − 1)/(px + q − 1)
        var w = (3.74 - 1) / ((6.25 * 3) + 3.74 - 1);
        Assert.Equal((w * 6.25 * 15.44 / 2.74) + ((1 - w) * 40.0), model.ExpectedSpend(3, 40)!.Value, 10);
        Assert.Null(new GammaGammaModel(1, 0.5, 10).ExpectedSpend(0, 0));
    }
}
