using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kith.Cli.Value;
using Kith.Core.Clv;
using Kith.Core.Value;
using Kith.Data.Store;
using Spectre.Console;

namespace Kith.Cli.Clv;

/// <summary>
/// <c>kith clv fit</c> and <c>kith clv report</c>: the buy-till-you-die models (BG/NBD, Pareto/NBD, Gamma-Gamma) fitted
/// on the store's paid orders up to a calibration end, with the holdout comparison (docs/clv.md).
/// </summary>
public static class ClvCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private sealed class Common
    {
        public Option<string> Model { get; } = new("--model") { Description = "bgnbd | paretonbd | gammagamma", Required = true };
        public Option<DateOnly> CalibrationEnd { get; } = new("--calibration-end") { Description = "Last day of the calibration window (YYYY-MM-DD), included", Required = true };
        public Option<DateOnly?> HoldoutEnd { get; } = new("--holdout-end") { Description = "Last day of the holdout window (YYYY-MM-DD), included; predictions are compared with it" };
        public Option<string> TimeUnit { get; } = new("--time-unit") { Description = "day | week: the unit of t_x, T and the parameters (purchases always merge by day)", DefaultValueFactory = _ => "week" };
        public Option<string> TimeZone { get; } = KithCommandLine.TimeZoneOption();
        public Option<bool> Json { get; } = new("--json") { Description = "Print JSON instead of tables" };

        public Common(params string[] models)
        {
            Model.AcceptOnlyFromAmong(models);
            TimeUnit.AcceptOnlyFromAmong("day", "week");
        }

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Model, CalibrationEnd, HoldoutEnd, TimeUnit, TimeZone, Json })
            {
                command.Options.Add(option);
            }

            command.Validators.Add(r =>
            {
                if (r.GetValue(HoldoutEnd) is { } h && h <= r.GetValue(CalibrationEnd))
                {
                    r.AddError($"--holdout-end {h:yyyy-MM-dd} must be after --calibration-end {r.GetValue(CalibrationEnd):yyyy-MM-dd}");
                }
            });
        }

        public ClvTimeUnit Unit(ParseResult parse) => parse.GetValue(TimeUnit) == "day" ? ClvTimeUnit.Day : ClvTimeUnit.Week;

        public async Task<OrderFacts> ReadOrdersAsync(ParseResult parse, CancellationToken ct)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(TimeZone)!);
            var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
            await store.MigrateAsync(ct);
            return await ValueCommands.ReadOrdersAsync(store, zone, ct);
        }

        public async Task<ClvSummary> SummariseAsync(ParseResult parse, CancellationToken ct)
        {
            var facts = await ReadOrdersAsync(parse, ct);
            var options = new ClvSummaryOptions(parse.GetValue(CalibrationEnd))
            {
                HoldoutEnd = parse.GetValue(HoldoutEnd),
                Unit = Unit(parse),
            };
            return ClvSummary.Build(facts, options);
        }
    }

    public static Command Create() => new("clv", "Customer lifetime value: BG/NBD, Pareto/NBD and Gamma-Gamma models fitted on the paid orders (docs/clv.md)")
    {
        CreateFit(),
        CreateReport(),
        ClvScoreCommand.Create(),
    };

    private static Command CreateFit()
    {
        var common = new Common("bgnbd", "paretonbd", "gammagamma");
        var command = new Command("fit", "Fit a model on the calibration window by maximum likelihood; with --holdout-end, compare its predictions with the holdout");
        common.AddTo(command);
        command.SetAction(async (parse, ct) => await KithCommandLine.RunAsync(async () =>
        {
            var summary = await common.SummariseAsync(parse, ct);
            var model = parse.GetValue(common.Model)!;
            var result = model switch
            {
                "bgnbd" => Fitted.Of(BgNbdModel.Fit(summary), summary),
                "paretonbd" => Fitted.Of(ParetoNbdModel.Fit(summary), summary),
                _ => Fitted.Of(GammaGammaModel.Fit(summary), summary),
            };
            if (parse.GetValue(common.Json))
            {
                Console.WriteLine(result.ToJson().ToJsonString());
            }
            else
            {
                result.Print(summary);
            }
        }));
        return command;
    }

    private static Command CreateReport()
    {
        var common = new Common("bgnbd", "paretonbd");
        var command = new Command("report", "Calibration/holdout report: predicted vs actual holdout purchases in total, by calibration frequency 0..7+, and the weekly cumulative tracking curve");
        common.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(common.HoldoutEnd) is null)
            {
                r.AddError("--holdout-end is required: the report compares predictions with the holdout window");
            }
        });
        command.SetAction(async (parse, ct) => await KithCommandLine.RunAsync(async () =>
        {
            // The same computation as the console's calibration/holdout page and GET /api/v1/clv/holdout.
            var facts = await common.ReadOrdersAsync(parse, ct);
            var request = new HoldoutRequest(parse.GetValue(common.Model)!, parse.GetValue(common.CalibrationEnd), parse.GetValue(common.HoldoutEnd)!.Value, common.Unit(parse));
            var outcome = HoldoutEvaluation.Run(facts, request);
            if (outcome.Error is { } error)
            {
                throw new ArgumentException(error.Message); // KithCommandLine.RunAsync: "error: …", exit code 1
            }

            var (model, report) = (outcome.Evaluation!.Fit.Model, outcome.Evaluation.Report);
            if (parse.GetValue(common.Json))
            {
                var json = JsonSerializer.SerializeToNode(report, JsonSerializerOptions.Web)!.AsObject();
                json["params"] = Params(model);
                Console.WriteLine(json.ToJsonString());
                return;
            }

            AnsiConsole.MarkupLineInterpolated(Invariant, $"[bold]{model.Name}[/] {string.Join(", ", model.Parameters.Select(p => $"{p.Key} = {p.Value:G4}"))}; {report.Customers:N0} customers, holdout {report.HoldoutLength:0.##} {request.Unit.ToString().ToLowerInvariant()}s");
            PrintBuckets(report);
            var tracking = new Table().AddColumns("week", "ends", "predicted (cumulative)", "actual (cumulative)");
            foreach (var w in report.Tracking)
            {
                tracking.AddRow(w.Week.ToString(Invariant), w.End.ToString("yyyy-MM-dd", Invariant) + (w.Holdout ? " *" : ""), w.PredictedCumulative.ToString("N1", Invariant), w.ActualCumulative.ToString("N0", Invariant));
            }

            AnsiConsole.Write(tracking.Caption("repeat purchases since the first week; * = holdout"));
        }));
        return command;
    }


    internal static JsonObject Params(IClvModel model)
    {
        var json = new JsonObject();
        foreach (var (name, value) in model.Parameters)
        {
            json[name] = value;
        }

        return json;
    }

    private static void PrintBuckets(HoldoutReport report)
    {
        var table = new Table().AddColumns("x (calibration)", "customers", "predicted", "actual", "predicted / customer", "actual / customer");
        foreach (var b in report.ByFrequency)
        {
            table.AddRow(b.Frequency, b.Customers.ToString("N0", Invariant), b.Predicted.ToString("N1", Invariant), b.Actual.ToString("N0", Invariant),
                b.MeanPredicted.ToString("0.000", Invariant), b.MeanActual.ToString("0.000", Invariant));
        }

        table.AddRow("all", report.Customers.ToString("N0", Invariant), report.Predicted.ToString("N1", Invariant), report.Actual.ToString("N0", Invariant), "", "");
        AnsiConsole.Write(table.Caption("holdout purchases by calibration frequency"));
    }

    /// <summary>A fit as the CLI shows it; <see cref="HoldoutReport"/> for the count models, mean spend per purchase for Gamma-Gamma.</summary>
    private sealed record Fitted(IClvModel Model, int Customers, double LogLikelihood, bool Converged, int Iterations, string Optimizer,
        IReadOnlyList<double>? StandardErrors, (double Predicted, double Actual)? Holdout, HoldoutReport? Report, string? Note)
    {
        public static Fitted Of<T>(ModelFit<T> fit, ClvSummary summary)
            where T : IClvModel
        {
            HoldoutReport? report = null;
            (double, double)? holdout = null;
            if (summary.HasHoldout && fit.Model is IRepeatPurchaseModel counts)
            {
                report = HoldoutReport.Build(summary, counts);
                holdout = (report.Predicted, report.Actual);
            }
            else if (summary.HasHoldout && fit.Model is GammaGammaModel spend)
            {
                holdout = SpendInHoldout(summary, spend);
            }

            return new Fitted(fit.Model, fit.Customers, fit.LogLikelihood, fit.Converged, fit.Iterations, fit.Optimizer, fit.StandardErrors, holdout, report, fit.Note);
        }

        /// <summary>
        /// Gamma-Gamma: over the fitted repeat buyers who bought in the holdout, the mean value per holdout purchase,
        /// predicted (E[Z | x, z̄]) and actual, each customer weighted by their holdout purchases.
        /// </summary>
        private static (double, double) SpendInHoldout(ClvSummary summary, GammaGammaModel spend)
        {
            double predicted = 0, actual = 0, purchases = 0;
            for (var i = 0; i < summary.CustomerCount; i++)
            {
                if (summary.X[i] > 0 && summary.Monetary[i] > 0 && summary.HoldoutX[i] > 0 && spend.ExpectedSpend(summary.X[i], summary.Monetary[i]) is { } expected)
                {
                    predicted += summary.HoldoutX[i] * expected;
                    actual += summary.HoldoutX[i] * summary.HoldoutMonetary[i];
                    purchases += summary.HoldoutX[i];
                }
            }

            return purchases == 0 ? (0, 0) : (predicted / purchases, actual / purchases);
        }

        public JsonObject ToJson() => new()
        {
            ["model"] = Model.Name,
            ["customers"] = Customers,
            ["params"] = Params(Model),
            ["logLikelihood"] = LogLikelihood,
            ["converged"] = Converged,
            ["note"] = Note,
            ["holdout"] = Holdout is { } h ? new JsonObject { ["predicted"] = h.Predicted, ["actual"] = h.Actual } : null,
        };

        public void Print(ClvSummary summary)
        {
            var unit = summary.Unit.ToString().ToLowerInvariant();
            AnsiConsole.MarkupLineInterpolated(Invariant, $"[bold]{Model.Name}[/] fitted on {Customers:N0} customers (calibration to {summary.Options.CalibrationEnd:yyyy-MM-dd}, time in {unit}s)");
            var table = new Table().AddColumns("parameter", "estimate", "standard error");
            for (var j = 0; j < Model.Parameters.Count; j++)
            {
                var (name, value) = Model.Parameters[j];
                table.AddRow(name, value.ToString("G5", Invariant), StandardErrors is { } se ? se[j].ToString("G3", Invariant) : "–");
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated(Invariant, $"log-likelihood {LogLikelihood:F2}; {(Converged ? "converged" : "[red]did not converge[/]")} after {Iterations} iterations ({Optimizer})");
            if (Note is not null)
            {
                AnsiConsole.MarkupLineInterpolated(Invariant, $"[yellow]{Note}[/]");
            }
            if (Report is { } report)
            {
                AnsiConsole.MarkupLineInterpolated(Invariant, $"holdout ({report.HoldoutLength:0.##} {unit}s to {summary.Options.HoldoutEnd:yyyy-MM-dd}): predicted {report.Predicted:N1}, actual {report.Actual:N0} purchases");
                PrintBuckets(report);
            }
            else if (Holdout is { } h)
            {
                AnsiConsole.MarkupLineInterpolated(Invariant, $"holdout mean spend per purchase: predicted {h.Predicted:N2}, actual {h.Actual:N2}");
            }
        }
    }
}
