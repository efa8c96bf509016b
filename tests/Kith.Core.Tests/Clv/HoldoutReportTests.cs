using Kith.Core.Clv;
using Xunit;

namespace Kith.Core.Tests.Clv;

public class HoldoutReportTests
{
    private static readonly Lazy<HoldoutReport> Cdnow = new(() => HoldoutReport.Build(CdnowSample.Summary, new BgNbdModel(0.243, 4.414, 0.793, 2.426)));

    [Fact]
    public void Cdnow_report_counts_the_published_holdout_purchases_in_total_and_over_the_buckets()
    {
        var report = Cdnow.Value;

        Assert.Equal(1_882, report.Actual);
        Assert.Equal(1_882, report.ByFrequency.Sum(b => b.Actual));
        Assert.Equal(2_357, report.ByFrequency.Sum(b => b.Customers));
        Assert.Equal(1_411, report.ByFrequency[0].Customers);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7+"], report.ByFrequency.Select(b => b.Frequency));
        Assert.Equal(report.Predicted, report.ByFrequency.Sum(b => b.Predicted), 6);
    }

    [Fact]
    public void Cdnow_tracking_curve_covers_78_weeks_and_ends_at_all_repeat_purchases()
    {
        var tracking = Cdnow.Value.Tracking;

        Assert.Equal(78, tracking.Count);
        Assert.Equal(new DateOnly(1997, 9, 30), tracking[38].End);
        Assert.False(tracking[38].Holdout);
        Assert.True(tracking[39].Holdout);
        Assert.Equal(2_457, tracking[38].ActualCumulative);
        Assert.Equal(2_457 + 1_882, tracking[^1].ActualCumulative);
    }

    [Fact]
    public void Predictions_grow_with_calibration_frequency_on_cdnow()
    {
        var means = Cdnow.Value.ByFrequency.Select(b => b.MeanPredicted).ToArray();

        Assert.All(means.Zip(means.Skip(1)), p => Assert.True(p.First < p.Second));
    }

    [Fact]
    public void A_summary_without_holdout_is_refused_with_a_message()
    {
        var summary = ClvSummary.Build([new CustomerPurchases("c", [new(new(2026, 1, 1), 1m), new(new(2026, 1, 9), 1m)])], new ClvSummaryOptions(new(2026, 2, 1)));

        var e = Assert.Throws<ArgumentException>(() => HoldoutReport.Build(summary, new BgNbdModel(1, 1, 1, 1)));
        Assert.Contains("holdout", e.Message, StringComparison.Ordinal);
    }
}
