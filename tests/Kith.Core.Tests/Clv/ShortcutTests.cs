using Kith.Core.Clv;
using Xunit;

namespace Kith.Core.Tests.Clv;

/// <summary>
/// The shortcuts that make a 1M-customer fit and scoring fast (docs/clv.md §2, §3; bench/clv) give what the plain
/// per-customer formulas give.
/// </summary>
public class ShortcutTests
{
    private static readonly DateOnly Day0 = new(2010, 1, 1);

    [Theory]
    [InlineData("bgnbd")]
    [InlineData("paretonbd")]
    public void Scoring_takes_expected_purchases_per_distinct_x_and_T_yet_equals_the_per_customer_formula_to_the_bit(string name)
    {
        var summary = CdnowSample.Summary;
        IRepeatPurchaseModel model = name == "bgnbd" ? new BgNbdModel(0.243, 4.414, 0.793, 2.426) : new ParetoNbdModel(0.553, 10.578, 0.606, 11.669);

        var scores = CustomerLifetimeValue.Score(summary, model, new GammaGammaModel(6.25, 3.74, 15.44), new ClvOptions { HorizonDays = 364 });

        for (var i = 0; i < summary.CustomerCount; i++)
        {
            var (x, tx, t) = (summary.X[i], summary.Tx[i], summary.T[i]);
            Assert.Equal(model.ExpectedPurchases(52, x, tx, t), scores[i].ExpectedPurchases);
            Assert.Equal(model.ProbabilityAlive(x, tx, t), scores[i].ProbabilityAlive);
        }
    }

    [Fact]
    public void Bgnbd_fit_log_likelihood_equals_the_per_customer_sum_also_when_one_x_spans_exponents_beyond_a_double()
    {
        // Three customers with 300 repeat purchases each (days): one bought daily from day 0 and stopped (t_x = 300),
        // one bought daily over days 4700–4999 (t_x = 4999), one recently (T = 1000). Within x = 300 the terms of the
        // likelihood's log-sum-exp span more than e^750, beyond a double's range: shifted per x, both of the second
        // customer's terms underflow to 0, and the pass must fall back to their own log-sum-exp (else ln 0 = −∞).
        // A few lighter customers keep the fit identifiable.
        var end = Day0.AddDays(5000);
        List<CustomerPurchases> customers =
        [
            new("early", Days(0, 1, 300)),
            new("late", Days(0, 4700, 300)),
            new("recent", Days(4000, 4001, 300)),
        ];
        for (var c = 0; c < 40; c++)
        {
            customers.Add(new($"light{c}", Days(c * 100, (c * 100) + 1 + (c % 7 * 30), c % 5)));
        }

        var summary = ClvSummary.Build(customers, new ClvSummaryOptions(end) { Unit = ClvTimeUnit.Day });

        var fit = BgNbdModel.Fit(summary);

        var m = fit.Model;
        var perCustomer = Enumerable.Range(0, summary.CustomerCount).Sum(i => m.LogLikelihood(summary.X[i], summary.Tx[i], summary.T[i]));
        Assert.Equal(perCustomer, fit.LogLikelihood, perCustomer * -1e-12);
        // The precondition: at the fitted parameters, x = 300's exponents do span more than a double's exponent range.
        double A3(double t) => -(m.R + 300) * Math.Log(m.Alpha + t);
        double A4(double tx) => Math.Log(m.A) - Math.Log(m.B + 299) - ((m.R + 300) * Math.Log(m.Alpha + tx));
        var late = summary.CustomerIds.ToList().IndexOf("late");
        var largest = Enumerable.Range(0, summary.CustomerCount).Where(i => summary.X[i] == 300).Max(i => Math.Max(A3(summary.T[i]), A4(summary.Tx[i])));
        Assert.True(largest - Math.Max(A3(summary.T[late]), A4(summary.Tx[late])) > 750);
    }

    /// <summary>One purchase on day <paramref name="first"/>, then <paramref name="repeats"/> daily from day <paramref name="from"/>.</summary>
    private static List<Purchase> Days(int first, int from, int repeats) =>
        [new(Day0.AddDays(first), 10m), .. Enumerable.Range(0, repeats).Select(k => new Purchase(Day0.AddDays(from + k), 10m + (k % 3)))];
}
