using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Xunit;

namespace Kith.Cli.Tests;

/// <summary>
/// <c>kith clv fit</c> on the CDNOW 1/10 sample imported into a scratch store, against the published estimates
/// (Fader, Hardie &amp; Lee 2005) to 3 significant figures and the published holdout count.
/// </summary>
public class ClvCommandTests
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _db;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One store with CDNOW_sample imported, shared by the tests of this class.</summary>
    private static async Task<string> CdnowStoreAsync()
    {
        await Gate.WaitAsync(Ct);
        try
        {
            if (_db is null)
            {
                var db = (await TestStores.CreateLocationAsync(StoreProvider.Sqlite, Ct)).ConnectionString.Split('=', ';')[1];
                (await KithProcess.RunAsync(Ct, "import", "orders", TestFiles.CdnowSample, "--format", "cdnow-sample", "--db", db)).EnsureSuccess();
                _db = db;
            }

            return _db;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<JsonObject> FitAsync(string model)
    {
        var result = (await KithProcess.RunAsync(Ct, "clv", "fit", "--model", model, "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30",
            "--time-unit", "week", "--json", "--db", await CdnowStoreAsync())).EnsureSuccess();
        return JsonNode.Parse(result.Output)!.AsObject();
    }

    private static double Sig3(JsonNode? value)
    {
        var v = value!.GetValue<double>();
        return Math.Round(v, 2 - (int)Math.Floor(Math.Log10(Math.Abs(v))));
    }

    [Fact]
    public async Task Fit_bgnbd_json_gives_the_published_cdnow_parameters_and_holdout_count()
    {
        var json = await FitAsync("bgnbd");

        Assert.Equal(["model", "customers", "params", "logLikelihood", "converged", "note", "holdout"], json.Select(p => p.Key));
        Assert.Equal("bgnbd", json["model"]!.GetValue<string>());
        Assert.Equal(2_357, json["customers"]!.GetValue<int>());
        var p = json["params"]!.AsObject();
        Assert.Equal(["r", "alpha", "a", "b"], p.Select(kv => kv.Key));
        Assert.Equal((0.243, 4.41, 0.793, 2.43), (Sig3(p["r"]), Sig3(p["alpha"]), Sig3(p["a"]), Sig3(p["b"])));
        Assert.Equal(-9582.4, json["logLikelihood"]!.GetValue<double>(), 1);
        Assert.Equal(1_882, json["holdout"]!["actual"]!.GetValue<double>());
        Assert.InRange(json["holdout"]!["predicted"]!.GetValue<double>(), 1_000, 2_500);
    }

    [Fact]
    public async Task Fit_paretonbd_json_gives_the_published_cdnow_parameters()
    {
        var json = await FitAsync("paretonbd");

        var p = json["params"]!.AsObject();
        Assert.Equal(["r", "alpha", "s", "beta"], p.Select(kv => kv.Key));
        Assert.Equal((0.553, 10.6, 0.606, 11.7), (Sig3(p["r"]), Sig3(p["alpha"]), Sig3(p["s"]), Sig3(p["beta"])));
        Assert.Equal(1_882, json["holdout"]!["actual"]!.GetValue<double>());
    }

    [Fact]
    public async Task Fit_gammagamma_json_gives_the_published_cdnow_parameters_on_946_repeat_buyers()
    {
        var json = await FitAsync("gammagamma");

        Assert.Equal(946, json["customers"]!.GetValue<int>());
        var p = json["params"]!.AsObject();
        Assert.Equal(["p", "q", "v"], p.Select(kv => kv.Key));
        Assert.Equal((6.25, 3.74, 15.4), (Sig3(p["p"]), Sig3(p["q"]), Sig3(p["v"])));
    }

    [Fact]
    public async Task Report_json_has_the_frequency_buckets_and_a_78_week_tracking_curve()
    {
        var result = (await KithProcess.RunAsync(Ct, "clv", "report", "--model", "bgnbd", "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30",
            "--json", "--db", await CdnowStoreAsync())).EnsureSuccess();
        var json = JsonNode.Parse(result.Output)!.AsObject();

        Assert.Equal(1_882, json["actual"]!.GetValue<int>());
        Assert.Equal(8, json["byFrequency"]!.AsArray().Count);
        Assert.Equal(1_411, json["byFrequency"]![0]!["customers"]!.GetValue<int>());
        Assert.Equal(78, json["tracking"]!.AsArray().Count);
        Assert.Equal(2_457 + 1_882, json["tracking"]![77]!["actualCumulative"]!.GetValue<int>());
    }

    [Fact]
    public async Task Fit_with_a_calibration_end_before_every_purchase_fails_with_a_message()
    {
        var result = await KithProcess.RunAsync(Ct, "clv", "fit", "--model", "bgnbd", "--calibration-end", "1996-01-01", "--db", await CdnowStoreAsync());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no customer made a purchase on or before the calibration end 1996-01-01", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fit_with_a_holdout_end_before_the_calibration_end_is_a_usage_error()
    {
        var result = await KithProcess.RunAsync(Ct, "clv", "fit", "--model", "bgnbd", "--calibration-end", "1997-09-30", "--holdout-end", "1997-06-30", "--db", await CdnowStoreAsync());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--holdout-end 1997-06-30 must be after --calibration-end 1997-09-30", result.Error + result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_json_stores_every_cdnow_customer_and_predicts_the_holdout_total()
    {
        // 39 weeks = the holdout window; undiscounted, so CLV = Σ E[Y] × E[Z] per customer.
        var result = (await KithProcess.RunAsync(Ct, "clv", "score", "--calibration-end", "1997-09-30", "--horizon-weeks", "39", "--json", "--db", await CdnowStoreAsync())).EnsureSuccess();
        var json = JsonNode.Parse(result.Output)!.AsObject();

        Assert.Equal("bgnbd", json["model"]!.GetValue<string>());
        Assert.Equal(2_357, json["customers"]!.GetValue<int>());
        Assert.Equal(273, json["horizonDays"]!.GetValue<int>());
        Assert.Equal((0.243, 4.41, 0.793, 2.43), (Sig3(json["params"]!["r"]), Sig3(json["params"]!["alpha"]), Sig3(json["params"]!["a"]), Sig3(json["params"]!["b"])));
        Assert.Equal((6.25, 3.74, 15.4), (Sig3(json["spend"]!["params"]!["p"]), Sig3(json["spend"]!["params"]!["q"]), Sig3(json["spend"]!["params"]!["v"])));
        Assert.InRange(json["expectedPurchases"]!.GetValue<double>(), 1_645, 1_661);
    }

    [Fact]
    public async Task Churn_train_json_on_cdnow_sample_reports_both_aucs_and_then_score_fills_the_bands()
    {
        var db = await CdnowStoreAsync();
        (await KithProcess.RunAsync(Ct, "clv", "score", "--calibration-end", "1998-03-31", "--json", "--db", db)).EnsureSuccess();

        var train = JsonNode.Parse((await KithProcess.RunAsync(Ct, "churn", "train", "--cutoff", "1997-09-30", "--test-cutoff", "1997-12-31", "--json", "--db", db)).EnsureSuccess().Output)!.AsObject();
        var score = JsonNode.Parse((await KithProcess.RunAsync(Ct, "churn", "score", "--as-of", "1998-03-31", "--json", "--db", db)).EnsureSuccess().Output)!.AsObject();

        Assert.Equal(["auc", "baselineAuc", "paretoBaselineAuc", "trainCustomers", "testCustomers"], train.Select(p => p.Key).Take(5));
        Assert.Equal((2_357, 2_357), (train["trainCustomers"]!.GetValue<int>(), train["testCustomers"]!.GetValue<int>()));
        Assert.InRange(train["auc"]!.GetValue<double>(), 0.6, 1);
        Assert.InRange(train["baselineAuc"]!.GetValue<double>(), 0, 0.5); // BG/NBD: worse than chance on CDNOW (docs/clv.md §8)
        Assert.InRange(train["paretoBaselineAuc"]!.GetValue<double>(), 0.5, 1);
        Assert.Equal(2_357, score["scored"]!.GetValue<int>());
        Assert.Equal(2_357, score["written"]!.GetValue<int>());
        Assert.Equal(2_357, score["bands"]!.AsObject().Sum(b => b.Value!.GetValue<int>()));
    }

    [Fact]
    public async Task Churn_train_text_shows_both_baselines_and_explains_a_baseline_below_chance_or_ahead_of_the_model()
    {
        var db = await CdnowStoreAsync();
        var args = new[] { "churn", "train", "--cutoff", "1997-09-30", "--test-cutoff", "1997-12-31", "--db", db };
        var json = JsonNode.Parse((await KithProcess.RunAsync(Ct, [.. args, "--json"])).EnsureSuccess().Output)!.AsObject();

        // Spectre wraps long lines at the console width; compare with the whitespace folded.
        var text = Regex.Replace((await KithProcess.RunAsync(Ct, args)).EnsureSuccess().Output, @"\s+", " ");

        string F3(string key) => json[key]!.GetValue<double>().ToString("F3", CultureInfo.InvariantCulture);
        Assert.Contains($"AUC {F3("auc")}; P(alive)-only baselines: BG/NBD {F3("baselineAuc")}, Pareto/NBD {F3("paretoBaselineAuc")}.", text, StringComparison.Ordinal);
        Assert.Contains("The BG/NBD baseline is below 0.5 (worse than chance) by design: BG/NBD only lets a customer drop out after a repeat purchase, so every one-time buyer gets P(alive) = 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("The Pareto/NBD baseline is below 0.5", text, StringComparison.Ordinal);

        // On the 1/10 sample (2,357 customers) the trees do worse than Pareto/NBD's P(alive) alone (0.695 vs 0.746), and say so.
        Assert.True(json["auc"]!.GetValue<double>() < json["paretoBaselineAuc"]!.GetValue<double>(), json.ToJsonString());
        Assert.Contains($"The model does not beat the Pareto/NBD baseline on this split ({F3("auc")} vs {F3("paretoBaselineAuc")}): 2,357 training customers may be too few", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Churn_train_with_labels_past_the_last_order_fails_with_a_message()
    {
        var result = await KithProcess.RunAsync(Ct, "churn", "train", "--cutoff", "1998-03-01", "--json", "--db", await CdnowStoreAsync());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the latest paid order is on 1998-06-30", result.Error, StringComparison.Ordinal);
    }
}
