using Kith.Core.Clv;
using Kith.Core.Value;

namespace Kith.Core.Churn;

/// <summary>
/// Builds the churn examples of every customer who bought on or before a cut-off day (docs/clv.md, "Churn warning").
/// Pure: the orders come as <see cref="OrderFacts"/>, events as counts per customer index.
/// </summary>
public static class ChurnFeatures
{
    /// <summary>The examples as of <paramref name="cutoff"/> and the index (into <paramref name="facts"/>) of each customer.</summary>
    /// <param name="facts">Every customer's paid orders.</param>
    /// <param name="cutoff">The last day the features see (included).</param>
    /// <param name="events30Days">Per customer index of <paramref name="facts"/>, the events in the 30 days up to the cut-off, or null.</param>
    /// <param name="horizonDays">The label: no paid order on days cutoff+1 .. cutoff+horizonDays.</param>
    /// <param name="paretoNbd">
    /// Also fit Pareto/NBD and fill <see cref="ChurnExample.ProbabilityAliveParetoNbd"/> (the second baseline of
    /// <c>kith churn train</c>); otherwise it is NaN. It is not a feature of the classifier, so scoring skips the fit.
    /// </param>
    public static (int[] Customers, ChurnExample[] Examples) Build(OrderFacts facts, DateOnly cutoff, int horizonDays, int[]? events30Days, bool paretoNbd = false)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (horizonDays < 1)
        {
            throw new ArgumentException($"the churn horizon must be at least one day (got {horizonDays})", nameof(horizonDays));
        }

        // P(alive) from BG/NBD (and Pareto/NBD) at the cut-off; the summary keeps the customers with a purchase on or
        // before it, in order.
        var summary = ClvSummary.Build(facts, new ClvSummaryOptions(cutoff) { Unit = ClvTimeUnit.Week });
        var bgnbd = BgNbdModel.Fit(summary).Model;
        var pareto = paretoNbd ? ParetoNbdModel.Fit(summary).Model : null;
        var (end, labelEnd) = (cutoff.DayNumber, cutoff.DayNumber + horizonDays);
        var customers = new List<int>(summary.CustomerCount);
        var examples = new List<ChurnExample>(summary.CustomerCount);
        for (var c = 0; c < facts.CustomerCount; c++)
        {
            var (from, to) = (facts.Start[c], facts.Start[c + 1]);
            if (from == to || facts.Day[from] > end)
            {
                continue;
            }

            var s = customers.Count;
            if (!string.Equals(summary.CustomerIds[s], facts.ExternalIds[c], StringComparison.Ordinal))
            {
                throw new InvalidOperationException("the CLV summary and the order facts disagree on the customers");
            }

            int days = 0, recent = 0, last = facts.Day[from], previous = int.MinValue;
            decimal value = 0;
            var churned = true;
            for (var o = from; o < to; o++)
            {
                var d = facts.Day[o];
                if (d > end)
                {
                    churned &= d > labelEnd;
                    continue;
                }

                value += facts.NetValue[o];
                if (d != previous)
                {
                    days++;
                    recent += d > end - 90 ? 1 : 0;
                    (previous, last) = (d, d);
                }
            }

            customers.Add(c);
            examples.Add(new ChurnExample
            {
                RecencyDays = end - last,
                Frequency = days,
                Monetary = (float)(value / days),
                Purchases90Days = recent,
                TenureDays = end - facts.Day[from],
                ProbabilityAlive = (float)bgnbd.ProbabilityAlive(summary.X[s], summary.Tx[s], summary.T[s]),
                ProbabilityAliveParetoNbd = pareto is null ? float.NaN : (float)pareto.ProbabilityAlive(summary.X[s], summary.Tx[s], summary.T[s]),
                Events30Days = events30Days?[c] ?? 0,
                Label = churned,
            });
        }

        return ([.. customers], [.. examples]);
    }
}
