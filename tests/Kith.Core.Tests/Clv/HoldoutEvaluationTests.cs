using Kith.Core.Clv;
using Kith.Core.Value;
using Xunit;

namespace Kith.Core.Tests.Clv;

/// <summary><c>kith clv report</c>'s shared computation: CDNOW's published fit, and bad input as a message naming the field.</summary>
public class HoldoutEvaluationTests
{
    private static OrderFacts Facts(params (string Customer, DateOnly Day)[] purchases)
    {
        var ids = purchases.Select(p => p.Customer).Distinct().ToArray();
        return OrderFacts.FromRows(
            [.. Enumerable.Range(1, ids.Length).Select(i => (long)i)], ids,
            [.. purchases.Select(p => Array.IndexOf(ids, p.Customer))], [.. purchases.Select(p => p.Day.DayNumber)], [.. purchases.Select(_ => 10m)]);
    }

    private static OrderFacts CdnowFacts()
    {
        var customers = CdnowSample.Purchases;
        return Facts([.. customers.SelectMany(c => c.Purchases.Select(p => (c.CustomerId, p.Day)))]);
    }

    [Fact]
    public void Cdnow_bgnbd_gives_the_published_parameters_and_holdout_total()
    {
        var outcome = HoldoutEvaluation.Run(CdnowFacts(), new HoldoutRequest("bgnbd", CdnowSample.CalibrationEnd, CdnowSample.HoldoutEnd));

        Assert.Null(outcome.Error);
        var e = outcome.Evaluation!;
        Assert.Equal([0.243, 4.414, 0.793, 2.426], e.Fit.Model.Parameters.Select(p => Math.Round(p.Value, 3)));
        Assert.Equal(1_882, e.Report.Actual);
        Assert.Equal(2_357, e.Report.Customers);
        Assert.Equal(-9_582.4, e.Fit.LogLikelihood, 1);
        Assert.True(e.Fit.Converged);
    }

    [Fact]
    public void A_holdout_end_not_after_the_calibration_end_is_the_holdout_ends_fault()
    {
        var outcome = HoldoutEvaluation.Run(CdnowFacts(), new HoldoutRequest("bgnbd", new(1997, 9, 30), new(1997, 9, 30)));

        Assert.Null(outcome.Evaluation);
        Assert.Equal("holdoutEnd", outcome.Error!.Field);
        Assert.Equal("the holdout end 1997-09-30 must be at least one week after the calibration end 1997-09-30", outcome.Error.Message);
    }

    [Fact]
    public void A_calibration_end_before_every_first_purchase_is_the_calibration_ends_fault()
    {
        var outcome = HoldoutEvaluation.Run(CdnowFacts(), new HoldoutRequest("paretonbd", new(1996, 12, 1), new(1997, 6, 30)));

        Assert.Equal("calibrationEnd", outcome.Error!.Field);
        Assert.Equal("no customer made a purchase on or before the calibration end 1996-12-01", outcome.Error.Message);
    }

    [Fact]
    public void Only_one_time_buyers_in_the_calibration_window_cannot_be_fitted()
    {
        var facts = Facts(("a", new(2026, 1, 1)), ("b", new(2026, 1, 5)), ("a", new(2026, 3, 1)));

        var outcome = HoldoutEvaluation.Run(facts, new HoldoutRequest("bgnbd", new(2026, 1, 31), new(2026, 3, 31)));

        Assert.Equal("model", outcome.Error!.Field);
        Assert.StartsWith("no customer made a repeat purchase in the calibration window (every x is 0)", outcome.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", outcome.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_model_is_named()
    {
        var outcome = HoldoutEvaluation.Run(Facts(("a", new(2026, 1, 1))), new HoldoutRequest("gammagamma", new(2026, 1, 31), new(2026, 3, 31)));

        Assert.Equal(("model", "unknown purchase model 'gammagamma': bgnbd or paretonbd"), (outcome.Error!.Field, outcome.Error.Message));
    }
}
