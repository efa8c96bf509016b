namespace Kith.Core.Clv;

/// <summary>
/// CLV per customer from a repeat-purchase model and the Gamma-Gamma spend model (docs/clv.md):
/// CLV = m · E[Z | x, z̄] · Σₖ (E[Y(kΔ)] − E[Y((k−1)Δ)]) / (1 + d)^(kΔ / 365.25 days), the horizon cut into K ≈ monthly
/// steps Δ, d the yearly discount rate and m the margin; each month's expected purchases are discounted from its end.
/// The two models are assumed independent, as the Gamma-Gamma model requires.
/// </summary>
public static class CustomerLifetimeValue
{
    private const double DaysPerYear = 365.25;

    public static ClvScore[] Score(ClvSummary summary, IRepeatPurchaseModel purchases, GammaGammaModel spend, ClvOptions options)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(spend);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (spend.ExpectedSpend(0, 0) is null)
        {
            throw new ArgumentException($"the Gamma-Gamma fit has q = {spend.Q:G4} ≤ 1: the mean spend of a customer without repeat purchases is unbounded, so CLV cannot be computed", nameof(spend));
        }

        var unitDays = (double)(int)summary.Unit;
        var steps = Math.Max(1, (int)Math.Round(options.HorizonDays / (DaysPerYear / 12)));
        var stepDays = (double)options.HorizonDays / steps;
        var discount = Enumerable.Range(1, steps).Select(k => Math.Pow(1 + options.AnnualDiscountRate, -k * stepDays / DaysPerYear)).ToArray();
        var scores = new ClvScore[summary.CustomerCount];
        Parallel.For(0, summary.CustomerCount, i =>
        {
            var (x, tx, t) = (summary.X[i], summary.Tx[i], summary.T[i]);
            double previous = 0, discounted = 0;
            for (var k = 1; k <= steps; k++)
            {
                var cumulative = purchases.ExpectedPurchases(k * stepDays / unitDays, x, tx, t);
                discounted += Math.Max(0, cumulative - previous) * discount[k - 1];
                previous = cumulative;
            }

            // z̄ = 0 (only free repeat purchases) is outside the spend model: such a customer counts as having none.
            var meanValue = summary.Monetary[i];
            var value = meanValue > 0 ? spend.ExpectedSpend(x, meanValue)!.Value : spend.ExpectedSpend(0, 0)!.Value;
            scores[i] = new ClvScore(previous, purchases.ProbabilityAlive(x, tx, t), value, options.Margin * value * discounted);
        });
        return scores;
    }
}
