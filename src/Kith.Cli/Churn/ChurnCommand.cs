using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Kith.Core;
using Kith.Core.Churn;
using Kith.Data.Churn;
using Kith.Data.Store;
using Spectre.Console;

namespace Kith.Cli.Churn;

/// <summary><c>kith churn train</c> and <c>kith churn score</c>: the supervised churn warning (docs/clv.md, "Churn warning").</summary>
public static class ChurnCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly string[] Bands = ["low", "medium", "high"];

    public static Command Create() => new("churn", "Churn warning: an ML.NET FastTree classifier of who makes no paid order within N days")
    {
        CreateTrain(),
        CreateScore(),
    };

    private static Command CreateTrain()
    {
        var cutoff = new Option<DateOnly>("--cutoff") { Description = "Training cut-off (YYYY-MM-DD): features up to this day, labels from the N days after it", Required = true };
        var testCutoff = new Option<DateOnly?>("--test-cutoff") { Description = "Later cut-off the model is tested on; default --cutoff + horizon" };
        var horizon = new Option<int>("--horizon-days") { Description = "N: churned = no paid order within N days after the cut-off", DefaultValueFactory = _ => 90 };
        var zone = KithCommandLine.TimeZoneOption();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text" };
        var command = new Command("train", "Train the churn classifier at a cut-off, test it at a later one, report AUC against the P(alive) baseline and keep the model in the store")
        {
            cutoff, testCutoff, horizon, zone, json,
        };
        horizon.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--horizon-days must be at least 1");
            }
        });
        command.SetAction(async (parse, ct) => await KithCommandLine.RunAsync(async () =>
        {
            var store = await OpenAsync(parse, ct);
            var tz = TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(zone)!);
            var t = Console.IsOutputRedirected
                ? await ChurnTrainer.TrainAsync(store, tz, parse.GetValue(cutoff), parse.GetValue(testCutoff), parse.GetValue(horizon), TimeProvider.System, ct)
                : await AnsiConsole.Status().StartAsync("training the churn model…", async _ =>
                    await ChurnTrainer.TrainAsync(store, tz, parse.GetValue(cutoff), parse.GetValue(testCutoff), parse.GetValue(horizon), TimeProvider.System, ct));
            if (parse.GetValue(json))
            {
                Console.WriteLine(new JsonObject
                {
                    ["auc"] = t.Auc,
                    ["baselineAuc"] = t.BaselineAuc,
                    ["paretoBaselineAuc"] = t.ParetoBaselineAuc,
                    ["trainCustomers"] = t.TrainCustomers,
                    ["testCustomers"] = t.TestCustomers,
                    ["trainChurnRate"] = t.TrainChurnRate,
                    ["testChurnRate"] = t.TestChurnRate,
                }.ToJsonString());
                return;
            }

            AnsiConsole.MarkupLineInterpolated(Invariant, $"Trained on {t.TrainCustomers:N0} customers ({t.TrainChurnRate:P1} churned), tested on {t.TestCustomers:N0} ({t.TestChurnRate:P1} churned).");
            AnsiConsole.MarkupLineInterpolated(Invariant, $"AUC {t.Auc:F3}; P(alive)-only baselines: BG/NBD {t.BaselineAuc:F3}, Pareto/NBD {t.ParetoBaselineAuc:F3}. The model is kept in the store for kith churn score.");
            foreach (var line in Notes(t))
            {
                AnsiConsole.MarkupLineInterpolated(Invariant, $"[grey]{line}[/]");
            }
        }));
        return command;
    }

    /// <summary>
    /// One line per P(alive) baseline below 0.5 (worse than chance) saying why, and one when the model does not beat the
    /// better baseline, so that an operator is not misled by the figures.
    /// </summary>
    private static IEnumerable<string> Notes(ChurnTraining t)
    {
        if (t.BaselineAuc < 0.5)
        {
            yield return "The BG/NBD baseline is below 0.5 (worse than chance) by design: BG/NBD only lets a customer drop out after a repeat purchase, so every one-time buyer gets P(alive) = 1, yet one-time buyers churn most.";
        }

        if (t.ParetoBaselineAuc < 0.5)
        {
            yield return "The Pareto/NBD baseline is below 0.5 (worse than chance): in this test window the buyers it rates gone churned less often than those it rates alive (its assumptions do not fit these buyers); judge the model by its own AUC.";
        }

        var (name, best, command) = t.ParetoBaselineAuc >= t.BaselineAuc
            ? ("Pareto/NBD", t.ParetoBaselineAuc, "kith clv score --model paretonbd")
            : ("BG/NBD", t.BaselineAuc, "kith clv score");
        if (t.Auc <= best)
        {
            yield return string.Create(Invariant,
                $"The model does not beat the {name} baseline on this split ({t.Auc:F3} vs {best:F3}): {t.TrainCustomers:N0} training customers may be too few for the trees; {name} P(alive) ({command}) may rank churners better here.");
        }
    }

    private static Command CreateScore()
    {
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Features as of the end of this day (YYYY-MM-DD); default today in the store's time zone" };
        var zone = KithCommandLine.TimeZoneOption();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text" };
        var command = new Command("score", "Score every buyer with the trained churn model and write churn_risk and churn_band into customer_predictions (run kith clv score first)")
        {
            asOf, zone, json,
        };
        command.SetAction(async (parse, ct) => await KithCommandLine.RunAsync(async () =>
        {
            var store = await OpenAsync(parse, ct);
            var tz = TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(zone)!);
            var day = parse.GetValue(asOf) ?? Timestamps.DayIn(DateTimeOffset.UtcNow, tz);
            var s = Console.IsOutputRedirected
                ? await ChurnTrainer.ScoreAsync(store, tz, day, ct)
                : await AnsiConsole.Status().StartAsync("scoring churn risk…", async _ => await ChurnTrainer.ScoreAsync(store, tz, day, ct));
            if (parse.GetValue(json))
            {
                var bands = new JsonObject();
                foreach (var band in Bands)
                {
                    bands[band] = s.Bands.GetValueOrDefault(band);
                }

                Console.WriteLine(new JsonObject { ["asOf"] = s.AsOf.ToString("yyyy-MM-dd", Invariant), ["horizonDays"] = s.HorizonDays, ["scored"] = s.Scored, ["written"] = s.Written, ["bands"] = bands }.ToJsonString());
                return;
            }

            AnsiConsole.MarkupLineInterpolated(Invariant, $"Scored {s.Scored:N0} buyers as of {s.AsOf:yyyy-MM-dd} ({s.HorizonDays}-day horizon); wrote {s.Written:N0} prediction rows.");
            AnsiConsole.MarkupLineInterpolated(Invariant, $"Bands: low {s.Bands.GetValueOrDefault("low"):N0}, medium {s.Bands.GetValueOrDefault("medium"):N0}, high {s.Bands.GetValueOrDefault("high"):N0}.");
            if (s.Written < s.Scored)
            {
                AnsiConsole.MarkupLineInterpolated(Invariant, $"[yellow]{s.Scored - s.Written:N0} buyers have no prediction row: run kith clv score with the same date first.[/]");
            }
        }));
        return command;
    }

    private static async Task<KithStore> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
        await store.MigrateAsync(ct);
        return store;
    }

}
