using System.Text.Json.Nodes;
using Kith.Tests.Shared;
using Xunit;

namespace Kith.Cli.Tests;

/// <summary>
/// <c>kith recs eval</c> on the real binary: MovieLens 100K ua.base/ua.test and Online Retail split on 2011-09-01.
/// Ranges are the ones the literature reports for these baselines on top-10 lists (docs/recommendations.md), wide enough
/// not to pin this implementation's own output.
/// </summary>
public class RecsCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] MetricNames = ["precision", "recall", "hitRate", "ndcg", "coverage"];

    private static async Task<Dictionary<string, JsonObject>> EvalAsync(params string[] args)
    {
        var result = (await KithProcess.RunAsync(Ct, ["recs", "eval", "--k", "10", "--json", .. args])).EnsureSuccess();
        return JsonNode.Parse(result.Output)!.AsArray().Select(m => m!.AsObject()).ToDictionary(m => m["model"]!.GetValue<string>());
    }

    private static double Metric(Dictionary<string, JsonObject> models, string model, string metric) => models[model][metric]!.GetValue<double>();

    [Fact]
    public async Task Eval_movielens_ua_reports_every_model_within_published_ranges_and_als_beats_item_knn()
    {
        var models = await EvalAsync("--format", "movielens",
            "--train", TestFiles.Dataset("movielens-100k", "ua.base"), "--test", TestFiles.Dataset("movielens-100k", "ua.test"));

        Assert.Equal(["popularity", "item-knn", "als"], models.Keys);
        Assert.All(models.Values, m => Assert.All(MetricNames, n => Assert.InRange(m[n]!.GetValue<double>(), 0, 1)));
        Assert.All(models.Values, m => Assert.Equal(943, m["users"]!.GetValue<int>()));
        // Most-popular on ua (10 held-out ratings per user, all relevant): P@10 around 0.1, hit rate around 0.7.
        Assert.InRange(Metric(models, "popularity", "precision"), 0.08, 0.16);
        Assert.InRange(Metric(models, "popularity", "hitRate"), 0.6, 0.85);
        Assert.InRange(Metric(models, "popularity", "coverage"), 0.0, 0.1); // the same short list for everyone
        Assert.InRange(Metric(models, "item-knn", "precision"), 0.15, 0.30);
        Assert.InRange(Metric(models, "als", "precision"), 0.18, 0.35);
        // With exactly 10 held-out items per user, recall@10 equals precision@10.
        Assert.Equal(Metric(models, "als", "precision"), Metric(models, "als", "recall"), 3);
        Assert.True(Metric(models, "als", "ndcg") > Metric(models, "item-knn", "ndcg"));
        Assert.True(Metric(models, "item-knn", "ndcg") > Metric(models, "popularity", "ndcg"));
    }

    [Fact]
    public async Task Eval_online_retail_time_split_reports_every_model_and_als_beats_item_knn()
    {
        var models = await EvalAsync("--format", "online-retail", "--input", TestFiles.OnlineRetail, "--split-date", "2011-09-01");

        Assert.Equal(["popularity", "item-knn", "als", "content"], models.Keys);
        Assert.All(models.Values, m => Assert.All(MetricNames, n => Assert.InRange(m[n]!.GetValue<double>(), 0, 1)));
        Assert.InRange(models["als"]["users"]!.GetValue<int>(), 1_500, 2_500);
        Assert.InRange(Metric(models, "popularity", "precision"), 0.02, 0.10);
        Assert.InRange(Metric(models, "item-knn", "precision"), 0.05, 0.20);
        Assert.InRange(Metric(models, "als", "precision"), 0.05, 0.20);
        Assert.True(Metric(models, "als", "ndcg") > Metric(models, "item-knn", "ndcg"));
        Assert.True(Metric(models, "content", "ndcg") > Metric(models, "popularity", "ndcg"));
    }

    [Fact]
    public async Task Eval_with_k_out_of_range_fails_with_a_clear_error()
    {
        var result = await KithProcess.RunAsync(Ct, "recs", "eval", "--k", "101", "--format", "movielens", "--train", "a", "--test", "b");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--k 101 is out of range: use 1..100", result.Error);
    }

    [Fact]
    public async Task Eval_with_a_bad_movielens_line_names_the_file_and_line()
    {
        var train = TestFiles.Write("train.tsv", "1\t10\t5\t881250949\n1\t11\tfive\t881250950\n");

        var result = await KithProcess.RunAsync(Ct, "recs", "eval", "--format", "movielens", "--train", train, "--test", train);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("train.tsv line 2: rating 'five' is not a whole number", result.Error);
    }

    [Fact]
    public async Task Eval_without_the_files_of_a_format_says_which_are_needed()
    {
        var result = await KithProcess.RunAsync(Ct, "recs", "eval", "--format", "online-retail", "--input", "x.csv");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--format online-retail needs --input FILE and --split-date YYYY-MM-DD", result.Error);
    }

    [Fact]
    public async Task Eval_on_the_store_splits_by_time_and_train_reports_what_the_server_would_serve()
    {
        var db = Path.Combine(Path.GetDirectoryName(TestFiles.Write("x", ""))!, "demo.db");
        (await KithProcess.RunAsync(Ct, "demo", "--customers", "800", "--db", db)).EnsureSuccess();

        var eval = (await KithProcess.RunAsync(Ct, "recs", "eval", "--k", "10", "--json", "--db", db)).EnsureSuccess();
        var models = JsonNode.Parse(eval.Output)!.AsArray().Select(m => m!.AsObject()).ToDictionary(m => m["model"]!.GetValue<string>());
        Assert.Equal(["popularity", "item-knn", "als", "content"], models.Keys);
        Assert.All(models.Values, m => Assert.All(MetricNames, n => Assert.InRange(m[n]!.GetValue<double>(), 0, 1)));
        Assert.All(models.Values, m => Assert.True(m["users"]!.GetValue<int>() > 0));
        // The demo's customers keep to their tastes: co-purchase must beat best sellers by far.
        Assert.True(Metric(models, "item-knn", "ndcg") > 2 * Metric(models, "popularity", "ndcg"));
        Assert.Contains("judged by", eval.Error);

        var train = (await KithProcess.RunAsync(Ct, "recs", "train", "--json", "--db", db)).EnsureSuccess();
        var figures = JsonNode.Parse(train.Output)!.AsObject();
        Assert.InRange(figures["customers"]!.GetValue<int>(), 1, 800);
        Assert.True(figures["products"]!.GetValue<int>() > 0);
        Assert.True(figures["interactions"]!.GetValue<int>() >= figures["customers"]!.GetValue<int>());
        Assert.True(figures["paidLines"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task Eval_on_a_store_without_orders_says_there_is_nothing_to_evaluate()
    {
        var db = Path.Combine(Path.GetDirectoryName(TestFiles.Write("x", ""))!, "empty.db");

        var result = await KithProcess.RunAsync(Ct, "recs", "eval", "--db", db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the store has no paid orders: nothing to evaluate", result.Error);
    }
}
