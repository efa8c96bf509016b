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
        var n = summary.CustomerCount;
        var scores = new ClvScore[n];
        var fallbackSpend = spend.ExpectedSpend(0, 0)!.Value;
        if (purchases is IFactoredPurchaseModel factored)
        {
            // E[Y(kΔ)]'s costly part depends on (x, T) alone: once per distinct (x, T) and step, then per customer
            // only the factor with t_x. The same numbers, bit for bit, as ExpectedPurchases per customer and step.
            var (keyOf, distinct) = DistinctXT(summary);
            var parts = new double[distinct.Length * steps];
            Parallel.For(0, distinct.Length, j =>
            {
                var (x, t) = distinct[j];
                for (var k = 1; k <= steps; k++)
                {
                    parts[(j * steps) + k - 1] = factored.ExpectedPurchasesPart(k * stepDays / unitDays, x, t);
                }
            });
            Parallel.For(0, n, i =>
            {
                var (x, tx, t) = (summary.X[i], summary.Tx[i], summary.T[i]);
                var factor = factored.ExpectedPurchasesFactor(x, tx, t);
                var at = keyOf[i] * steps;
                double previous = 0, discounted = 0;
                for (var k = 1; k <= steps; k++)
                {
                    var cumulative = factored.CombineExpectedPurchases(parts[at + k - 1], factor);
                    discounted += Math.Max(0, cumulative - previous) * discount[k - 1];
                    previous = cumulative;
                }

                scores[i] = Score(i, previous, discounted);
            });
            return scores;
        }

        Parallel.For(0, n, i =>
        {
            var (x, tx, t) = (summary.X[i], summary.Tx[i], summary.T[i]);
            double previous = 0, discounted = 0;
            for (var k = 1; k <= steps; k++)
            {
                var cumulative = purchases.ExpectedPurchases(k * stepDays / unitDays, x, tx, t);
                discounted += Math.Max(0, cumulative - previous) * discount[k - 1];
                previous = cumulative;
            }

            scores[i] = Score(i, previous, discounted);
        });
        return scores;

        ClvScore Score(int i, double expectedPurchases, double discounted)
        {
            // z̄ = 0 (only free repeat purchases) is outside the spend model: such a customer counts as having none.
            var (x, meanValue) = (summary.X[i], summary.Monetary[i]);
            var value = meanValue > 0 ? spend.ExpectedSpend(x, meanValue)!.Value : fallbackSpend;
            return new ClvScore(expectedPurchases, purchases.ProbabilityAlive(x, summary.Tx[i], summary.T[i]), value, options.Margin * value * discounted);
        }
    }

    /// <summary>Each customer's index into the distinct (x, T) pairs of the summary, and those pairs.</summary>
    private static (int[] KeyOf, (int X, double T)[] Distinct) DistinctXT(ClvSummary summary)
    {
        var (tValues, tOf) = Grouping.Distinct(summary.T);
        var pairs = Grouping.DistinctPairs(summary.X, tOf, tValues.Length);
        return (pairs.Of, Enumerable.Range(0, pairs.Count).Select(j => (pairs.X[j], tValues[pairs.Value[j]])).ToArray());
    }
}
