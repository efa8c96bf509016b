using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Kith.Core.Recommendations;
using Kith.Core.Recommendations.Evaluation;
using Kith.Data.Recommendations;
using Kith.Data.Store;
using Kith.Server.Recommendations;
using Spectre.Console;

namespace Kith.Cli.Recommendations;

/// <summary>
/// <c>kith recs eval</c>: popularity, item-kNN, ALS and content fitted on a training part and scored on a held-out
/// part, side by side (docs/recommendations.md). Input is a pair of MovieLens files, one Online Retail file split by
/// date, or the store (time split). <c>kith recs train</c>: the server's training, run on the store, with its figures.
/// </summary>
public static class RecsCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create() => new("recs", "Recommendations: offline evaluation and training of the models (docs/recommendations.md)")
    {
        CreateEval(),
        CreateTrain(),
    };

    private static Command CreateEval()
    {
        var k = new Option<int>("--k") { Description = "Length of each recommendation list (1..100)", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print a JSON array, one object per model" };
        var format = new Option<string>("--format") { Description = "movielens (with --train and --test) | online-retail (with --input and --split-date)" };
        format.AcceptOnlyFromAmong("movielens", "online-retail");
        var train = new Option<string?>("--train") { Description = "MovieLens training file (user TAB item TAB rating TAB timestamp), e.g. ua.base" };
        var test = new Option<string?>("--test") { Description = "MovieLens held-out file, e.g. ua.test" };
        var input = new Option<string?>("--input") { Description = "Online Retail invoice-line CSV (.csv or .csv.gz)" };
        var splitDate = new Option<DateOnly?>("--split-date")
        {
            Description = "Time split (UTC): feedback before this day trains, from this day on is held out (the store: default holds out the latest 20 % of paid lines)",
        };
        var minRating = new Option<int>("--min-rating") { Description = "MovieLens: ratings below this are ignored in both parts (1 = every rating is feedback)", DefaultValueFactory = _ => 1 };
        var factors = new Option<int>("--factors") { Description = "ALS latent factors", DefaultValueFactory = _ => new AlsOptions().Factors };
        var alpha = new Option<double>("--alpha") { Description = "ALS confidence scale α (c = 1 + α·weight)", DefaultValueFactory = _ => new AlsOptions().Alpha };
        var regularization = new Option<double>("--regularization") { Description = "ALS L2 penalty λ", DefaultValueFactory = _ => new AlsOptions().Regularization };
        var iterations = new Option<int>("--iterations") { Description = "ALS sweeps", DefaultValueFactory = _ => new AlsOptions().Iterations };
        var neighbours = new Option<int>("--neighbours") { Description = "item-kNN neighbours kept per item", DefaultValueFactory = _ => new ItemKnnOptions().Neighbours };
        var shrinkage = new Option<float>("--shrinkage") { Description = "item-kNN similarity shrinkage", DefaultValueFactory = _ => new ItemKnnOptions().Shrinkage };

        var models = new Option<string[]>("--models") { Description = "Models to evaluate (default: all)", AllowMultipleArgumentsPerToken = true };
        models.AcceptOnlyFromAmong([.. ModelComparison.Models]);
        InRange(k, 1, 100);
        InRange(factors, 1, 512);
        InRange(iterations, 1, 1000);
        InRange(neighbours, 1, 10_000);

        var command = new Command("eval", "Fit every model on a training part and report precision, recall, hit rate, NDCG at K and coverage on the held-out part. "
            + "Without --format: on the store (--db), time split, judged by what customers bought after the split");
        foreach (var o in new Option[] { k, json, models, format, train, test, input, splitDate, minRating, factors, alpha, regularization, iterations, neighbours, shrinkage })
        {
            command.Options.Add(o);
        }

        command.Validators.Add(r =>
        {
            switch (r.GetValue(format))
            {
                case "movielens" when r.GetValue(train) is null || r.GetValue(test) is null:
                    r.AddError("--format movielens needs --train FILE and --test FILE");
                    break;
                case "online-retail" when r.GetValue(input) is null || r.GetValue(splitDate) is null:
                    r.AddError("--format online-retail needs --input FILE and --split-date YYYY-MM-DD");
                    break;
                case null when r.GetValue(train) is not null || r.GetValue(input) is not null:
                    r.AddError("--format is required with --train or --input (movielens or online-retail)");
                    break;
                default:
                    break;
            }
        });

        command.SetAction(async (parse, ct) => await KithCommandLine.RunAsync(async () =>
        {
            var settings = new RecommenderSettings
            {
                Als = new AlsOptions
                {
                    Factors = parse.GetValue(factors),
                    Alpha = parse.GetValue(alpha),
                    Regularization = parse.GetValue(regularization),
                    Iterations = parse.GetValue(iterations),
                },
                ItemKnn = new ItemKnnOptions { Neighbours = parse.GetValue(neighbours), Shrinkage = parse.GetValue(shrinkage) },
            };
            var asJson = parse.GetValue(json);
            var atK = parse.GetValue(k);

            async Task<IReadOnlyList<ModelMetrics>> RunAsync(IProgress<string> step)
            {
                step.Report("reading feedback");
                IReadOnlyList<ItemAttributes?>? attributes = null;
                if (parse.GetValue(format) is null)
                {
                    return await EvaluateStoreAsync(parse.GetValue(KithCommandLine.DbOption), parse.GetValue(splitDate), atK, settings, step, asJson, ct);
                }

                var (data, items) = parse.GetValue(format) switch
                {
                    "movielens" => await ReadMovieLensAsync(parse.GetValue(train)!, parse.GetValue(test)!, parse.GetValue(minRating), ct),
                    _ => await ReadOnlineRetailAsync(parse.GetValue(input)!, parse.GetValue(splitDate)!.Value, ct),
                };
                if (items is not null)
                {
                    attributes = [.. Enumerable.Range(0, data.Items.Count).Select(i => items.GetValueOrDefault(data.Items.KeyOf(i)))];
                }

                if (data.EvaluatedUsers == 0)
                {
                    throw new ArgumentException("no user has held-out feedback on items seen in training: nothing to evaluate");
                }

                var only = parse.GetValue(models) is { Length: > 0 } chosen ? chosen.ToHashSet() : null;
                return ModelComparison.Run(data, atK, settings, attributes, step, only, ct);
            }

            IReadOnlyList<ModelMetrics> results;
            if (asJson)
            {
                results = await RunAsync(new Progress<string>(_ => { }));
            }
            else
            {
                results = await AnsiConsole.Status().StartAsync("reading feedback", async ctx =>
                    await RunAsync(new SynchronousProgress<string>(s => ctx.Status(s))));
            }

            Print(results, asJson);
        }));
        return command;
    }

    private static async Task<IReadOnlyList<ModelMetrics>> EvaluateStoreAsync(string? db, DateOnly? splitDate, int k, RecommenderSettings settings,
        IProgress<string> step, bool asJson, CancellationToken ct)
    {
        var store = new KithStore(StoreLocation.Resolve(db));
        await store.MigrateAsync(ct);
        var result = await StoreEvaluation.RunAsync(store, new StoreEvaluationOptions
        {
            K = k,
            SplitAt = splitDate is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            Settings = settings,
        }, step, ct);
        if (result.Problem is not null)
        {
            throw new ArgumentException(result.SplitAt == DateTimeOffset.MinValue
                ? "the store has no paid orders: nothing to evaluate"
                : $"no customer bought, from {result.SplitAt:yyyy-MM-dd HH:mm} UTC on, a product they had not bought before it: nothing to evaluate (try an earlier --split-date)");
        }

        // The JSON array stays the same shape as for the files; what was split goes to stderr.
        var about = $"store: trained on {result.TrainEvents:N0} pieces of feedback before {result.SplitAt:yyyy-MM-dd HH:mm} UTC; "
            + $"judged by {result.HeldOutPurchases:N0} purchased lines after it ({result.EvaluatedCustomers:N0} customers)";
        if (asJson)
        {
            Console.Error.WriteLine(about);
        }
        else
        {
            AnsiConsole.MarkupLine("[grey]" + Markup.Escape(about) + "[/]");
        }

        return result.Models;
    }

    private static Command CreateTrain()
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object" };
        var command = new Command("train", "Train the served models (popularity, item-kNN, ALS) on the store as `kith serve` does, and report their size and time. "
            + "A running server trains itself at start and every 6 hours when the store changed; POST /api/v1/recommendations/refresh retrains it now")
        {
            json,
        };
        command.SetAction(async (parse, ct) => await KithCommandLine.RunAsync(async () =>
        {
            var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
            await store.MigrateAsync(ct);
            var serving = new RecommendationServingSettings();
            var now = DateTimeOffset.UtcNow;

            async Task<(RecommendationSnapshot, TimeSpan)> TrainAsync(IProgress<string> step)
            {
                step.Report("reading the store's feedback");
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var feedback = await StoreFeedbackLoader.LoadAsync(store, serving.Weights, now, ct);
                var read = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                step.Report($"training on {feedback.Events.Count:N0} pieces of feedback");
                return (await Task.Run(() => RecommendationSnapshot.Train(feedback, serving.Models, now, ct), ct), read);
            }

            var asJson = parse.GetValue(json);
            var (snapshot, readTime) = asJson
                ? await TrainAsync(new Progress<string>(_ => { }))
                : await AnsiConsole.Status().StartAsync("reading the store's feedback", async ctx => await TrainAsync(new SynchronousProgress<string>(s => ctx.Status(s))));
            PrintTraining(snapshot, readTime, asJson);
        }));
        return command;
    }

    private static void PrintTraining(RecommendationSnapshot s, TimeSpan read, bool asJson)
    {
        if (asJson)
        {
            Console.WriteLine(new JsonObject
            {
                ["customers"] = s.Users.Count,
                ["products"] = s.Items.Count,
                ["interactions"] = s.Matrix.NonZeros,
                ["paidLines"] = s.PaidLines,
                ["readSeconds"] = Math.Round(read.TotalSeconds, 3),
                ["trainSeconds"] = Math.Round(s.TrainingTime.TotalSeconds, 3),
            }.ToJsonString());
            return;
        }

        if (s.PaidLines == 0)
        {
            AnsiConsole.MarkupLine("[yellow]The store has no paid orders yet: recommendations stay empty until it has.[/]");
        }

        var table = new Table().AddColumns("", "").HideHeaders();
        table.AddRow("customers with feedback", s.Users.Count.ToString("N0", Invariant));
        table.AddRow("products", s.Items.Count.ToString("N0", Invariant));
        table.AddRow("customer × product pairs", s.Matrix.NonZeros.ToString("N0", Invariant));
        table.AddRow("paid order lines", s.PaidLines.ToString("N0", Invariant));
        table.AddRow("reading the store", $"{read.TotalSeconds.ToString("0.0", Invariant)} s");
        table.AddRow("training (popularity, item-kNN, ALS)", $"{s.TrainingTime.TotalSeconds.ToString("0.0", Invariant)} s");
        AnsiConsole.Write(table);

        // A glance at what the models learnt: the best sellers and what goes with each.
        if (s.ItemKnn is { } knn)
        {
            var sample = new Table().AddColumns("best seller", "most similar (item-kNN)");
            foreach (var top in s.Popularity.Top(5))
            {
                var similar = knn.SimilarItems(top.Item, 3).Select(n => $"{s.Catalogue[n.Item].Name} ({n.Score.ToString("0.00", Invariant)})");
                sample.AddRow(Markup.Escape(s.Catalogue[top.Item].Name), Markup.Escape(string.Join(" · ", similar)));
            }

            AnsiConsole.Write(sample);
        }

        AnsiConsole.MarkupLine("[grey]A running server trains itself; POST /api/v1/recommendations/refresh (settings.manage) makes it retrain now.[/]");
    }

    private static void InRange(Option<int> option, int min, int max) => option.Validators.Add(r =>
    {
        var value = r.GetValueOrDefault<int>();
        if (value < min || value > max)
        {
            r.AddError($"{option.Name} {value} is out of range: use {min}..{max}");
        }
    });

    private static async Task<(HoldoutData, IReadOnlyDictionary<string, ItemAttributes>?)> ReadMovieLensAsync(string trainPath, string testPath, int minRating, CancellationToken ct)
    {
        var train = Ensure(await MovieLensReader.ReadAsync(trainPath, minRating, ct));
        var test = Ensure(await MovieLensReader.ReadAsync(testPath, minRating, ct));
        return (HoldoutSplit.Of(train.Feedback, test.Feedback), null);
    }

    private static async Task<(HoldoutData, IReadOnlyDictionary<string, ItemAttributes>?)> ReadOnlineRetailAsync(string path, DateOnly splitDate, CancellationToken ct)
    {
        var all = Ensure(await OnlineRetailFeedbackReader.ReadAsync(path, ct));
        return (HoldoutSplit.ByTime(all.Feedback, new DateTimeOffset(splitDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)), all.Items);
    }

    private static FeedbackFile Ensure(FeedbackFile file) =>
        file.Error is { } error ? throw new ArgumentException(error) : file;

    private static void Print(IReadOnlyList<ModelMetrics> results, bool asJson)
    {
        if (asJson)
        {
            var array = new JsonArray();
            foreach (var m in results)
            {
                array.Add(new JsonObject
                {
                    ["model"] = m.Model,
                    ["k"] = m.K,
                    ["users"] = m.Users,
                    ["precision"] = Math.Round(m.Precision, 6),
                    ["recall"] = Math.Round(m.Recall, 6),
                    ["hitRate"] = Math.Round(m.HitRate, 6),
                    ["ndcg"] = Math.Round(m.Ndcg, 6),
                    ["coverage"] = Math.Round(m.Coverage, 6),
                });
            }

            Console.WriteLine(array.ToJsonString());
            return;
        }

        var k = results.Count > 0 ? results[0].K : 0;
        var table = new Table().AddColumns("model", $"precision@{k}", $"recall@{k}", $"hit rate@{k}", $"NDCG@{k}", "coverage");
        foreach (var m in results)
        {
            table.AddRow(m.Model, F(m.Precision), F(m.Recall), F(m.HitRate), F(m.Ndcg), F(m.Coverage));
        }

        AnsiConsole.Write(table.Caption($"{(results.Count > 0 ? results[0].Users : 0):N0} users with held-out items; their training items excluded from each list"));
    }

    private static string F(double v) => v.ToString("0.0000", Invariant);
}
