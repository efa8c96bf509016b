using System.Globalization;
using System.Text.RegularExpressions;
using Kith.Tests.Shared;
using Xunit;

namespace Kith.Console.Tests;

/// <summary>
/// The CLV calibration/holdout page on CDNOW_sample (<see cref="CdnowConsole"/>): BG/NBD fitted on purchases to
/// 1997-09-30 and compared with the holdout to 1998-06-30, in weeks, against Fader, Hardie &amp; Lee (2005) and against
/// holdout purchases counted here from the raw file.
/// </summary>
public sealed class ClvHoldoutTests(KithConsole kith, CdnowConsole cdnow) : ConsoleTest(kith)
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");
    private static readonly DateOnly CalibrationEnd = new(1997, 9, 30);
    private static readonly DateOnly HoldoutEnd = new(1998, 6, 30);

    /// <summary>
    /// Per calibration frequency bucket (0 … 6, 7+): customers and holdout purchases, from the text file alone — one
    /// purchase per customer and day (the papers' convention), x = purchase days after the first up to the calibration end.
    /// </summary>
    private static Dictionary<string, (int Customers, int Holdout)> BucketsFromFile()
    {
        var days = new Dictionary<string, SortedSet<DateOnly>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(TestFiles.CdnowSample))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 5)
            {
                var day = DateOnly.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture);
                (days.TryGetValue(f[0], out var set) ? set : days[f[0]] = []).Add(day);
            }
        }

        var buckets = new Dictionary<string, (int Customers, int Holdout)>(StringComparer.Ordinal);
        foreach (var set in days.Values)
        {
            var first = set.Min;
            var x = set.Count(d => d > first && d <= CalibrationEnd);
            var holdout = set.Count(d => d > CalibrationEnd && d <= HoldoutEnd);
            var key = x >= 7 ? "7+" : x.ToString(CultureInfo.InvariantCulture);
            var (customers, purchases) = buckets.GetValueOrDefault(key);
            buckets[key] = (customers + 1, purchases + holdout);
        }

        return buckets;
    }

    private static double ThreeSignificant(double v) => Math.Round(v, 2 - (int)Math.Floor(Math.Log10(Math.Abs(v))));

    [Fact]
    public async Task The_cdnow_holdout_page_shows_the_published_bgnbd_fit_and_the_holdout_purchases_counted_from_the_file()
    {
        var page = await OpenAsync(cdnow, "clv/holdout");
        // The windows offered split the history in half: on CDNOW exactly the papers' split.
        await Expect(page.GetByTestId("holdout-calibration-end").Locator("input")).ToHaveValueAsync("1997-09-30");
        await Expect(page.GetByTestId("holdout-holdout-end").Locator("input")).ToHaveValueAsync("1998-06-30");

        await page.GetByTestId("holdout-run").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"clv/holdout\?model=bgnbd&calibrationEnd=1997-09-30&holdoutEnd=1998-06-30&timeUnit=week$"));
        await Expect(page.GetByTestId("holdout-actual")).ToHaveTextAsync("1,882");
        foreach (var (name, published) in new[] { ("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426) })
        {
            var shown = await page.Locator($"[data-testid=holdout-param][data-name={name}] [data-testid=holdout-param-value]").TextContentAsync();
            Assert.Equal(ThreeSignificant(published), ThreeSignificant(double.Parse(shown!, En)));
        }

        await Expect(page.GetByTestId("holdout-log-likelihood")).ToHaveTextAsync("-9,582.43");
        await Expect(page.GetByTestId("holdout-converged")).ToHaveAttributeAsync("data-converged", "true");
        var buckets = BucketsFromFile();
        Assert.Equal(1_882, buckets.Values.Sum(b => b.Holdout));
        await Expect(page.GetByTestId("holdout-bucket")).ToHaveCountAsync(8);
        foreach (var (frequency, (customers, holdout)) in buckets)
        {
            var row = page.Locator($"[data-testid=holdout-bucket][data-frequency='{frequency}']");
            await Expect(row.GetByTestId("bucket-customers")).ToHaveTextAsync(customers.ToString("N0", En));
            await Expect(row.GetByTestId("bucket-actual")).ToHaveTextAsync(holdout.ToString("N0", En));
        }

        // Both charts drawn: predicted and actual bars per bucket, and two cumulative lines over the 78 weeks.
        await Expect(page.GetByTestId("holdout-tracking-chart").Locator("svg path.mud-chart-line")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("holdout-by-frequency-chart").Locator("svg")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByTestId("holdout-tracking-note")).ToContainTextAsync("Week 39 ends on the calibration end 1997-09-30");
    }

    [Theory]
    [InlineData("calibrationEnd=1998-06-30&holdoutEnd=1998-06-01", "holdoutEnd", "the holdout end 1998-06-01 must be at least one week after the calibration end 1998-06-30")]
    [InlineData("calibrationEnd=1996-06-30&holdoutEnd=1997-06-30", "calibrationEnd", "no customer made a purchase on or before the calibration end 1996-06-30")]
    [InlineData("calibrationEnd=1997-01-01&holdoutEnd=1997-06-30", "model", "no customer made a repeat purchase in the calibration window (every x is 0)")]
    public async Task Bad_windows_show_the_models_message_on_the_page(string query, string field, string message)
    {
        var page = await OpenAsync(cdnow, "clv/holdout?model=bgnbd&timeUnit=week&" + query);

        await Expect(page.GetByTestId("holdout-error")).ToContainTextAsync(message);
        await Expect(page.GetByTestId("holdout-error")).ToHaveAttributeAsync("data-field", field);
        await Expect(page.Locator("#blazor-error-ui")).Not.ToBeVisibleAsync();
        // The circuit survived: the form still runs.
        await page.GetByTestId("holdout-run").ClickAsync();
        await Expect(page.GetByTestId("holdout-run")).ToBeEnabledAsync();
    }

    [Fact]
    public async Task A_store_without_predictions_is_told_to_run_kith_clv_score_and_kith_churn_score()
    {
        var overview = await OpenAsync(cdnow, "clv");
        await Expect(overview.GetByTestId("clv-empty")).ToContainTextAsync("kith clv score");

        await GotoAsync(overview, "clv/churn");

        await Expect(overview.GetByTestId("churn-empty")).ToContainTextAsync("kith churn score");
    }
}
