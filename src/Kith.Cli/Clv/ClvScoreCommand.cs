using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Kith.Core;
using Kith.Core.Clv;
using Kith.Data.Clv;
using Kith.Data.Store;
using Kith.Data.Value;
using Spectre.Console;

namespace Kith.Cli.Clv;

/// <summary>
/// <c>kith clv score</c>: fits the purchase model and Gamma-Gamma on every paid order up to the calibration end and
/// replaces <c>customer_predictions</c> (docs/clv.md, "Scoring").
/// </summary>
internal static class ClvScoreCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "bgnbd | paretonbd: the purchase model (spend is Gamma-Gamma)", DefaultValueFactory = _ => "bgnbd" };
        model.AcceptOnlyFromAmong("bgnbd", "paretonbd");
        var calibrationEnd = new Option<DateOnly?>("--calibration-end") { Description = "Last day of orders used (YYYY-MM-DD), included; default today in the store's time zone" };
        var horizonWeeks = new Option<int>("--horizon-weeks") { Description = "Horizon of expected purchases and CLV, in weeks", DefaultValueFactory = _ => 52 };
        var margin = new Option<double>("--margin") { Description = "Share of spend that is profit, 0..1 (1 = CLV in revenue)", DefaultValueFactory = _ => 1.0 };
        var discount = new Option<double>("--discount-rate") { Description = "Yearly discount rate of future purchases, e.g. 0.10", DefaultValueFactory = _ => 0.0 };
        var unit = new Option<string>("--time-unit") { Description = "day | week: the unit the models are fitted in", DefaultValueFactory = _ => "week" };
        unit.AcceptOnlyFromAmong("day", "week");
        var zoneOption = KithCommandLine.TimeZoneOption();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text" };
        var command = new Command("score", "Fit the purchase model and Gamma-Gamma on the paid orders and store every buyer's expected purchases, P(alive), expected spend and CLV")
        {
            model, calibrationEnd, horizonWeeks, margin, discount, unit, zoneOption, json,
        };
        horizonWeeks.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--horizon-weeks must be at least 1");
            }
        });
        command.SetAction(async (parse, ct) => await KithCommandLine.RunAsync(async () =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(zoneOption)!);
            var asOf = parse.GetValue(calibrationEnd) ?? Timestamps.DayIn(DateTimeOffset.UtcNow, zone);
            var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
            await store.MigrateAsync(ct);
            var options = new ClvOptions { HorizonDays = 7 * parse.GetValue(horizonWeeks), Margin = parse.GetValue(margin), AnnualDiscountRate = parse.GetValue(discount) };
            var timeUnit = parse.GetValue(unit) == "day" ? ClvTimeUnit.Day : ClvTimeUnit.Week;
            CustomerPredictions predictions;
            if (Console.IsOutputRedirected)
            {
                var facts = await OrderFactsLoader.LoadAsync(store, zone, null, ct);
                predictions = CustomerPredictionScorer.Score(facts, parse.GetValue(model)!, asOf, timeUnit, options);
                await CustomerPredictionWriter.WriteAsync(store, predictions, null, ct);
            }
            else
            {
                predictions = await ScoreWithProgressAsync(store, zone, parse.GetValue(model)!, asOf, timeUnit, options, ct);
            }

            Report(predictions, parse.GetValue(json));
        }));
        return command;
    }

    private static async Task<CustomerPredictions> ScoreWithProgressAsync(KithStore store, TimeZoneInfo zone, string model, DateOnly asOf, ClvTimeUnit unit, ClvOptions options, CancellationToken ct)
    {
        CustomerPredictions? predictions = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var read = ctx.AddTask("reading orders").IsIndeterminate();
                var facts = await OrderFactsLoader.LoadAsync(store, zone, null, ct);
                read.Value = read.MaxValue;
                read.StopTask();
                var fit = ctx.AddTask($"fitting {model} and gammagamma").IsIndeterminate();
                predictions = CustomerPredictionScorer.Score(facts, model, asOf, unit, options);
                fit.Value = fit.MaxValue;
                fit.StopTask();
                var write = ctx.AddTask("writing predictions", maxValue: Math.Max(1, predictions.Count));
                await CustomerPredictionWriter.WriteAsync(store, predictions, new SynchronousProgress<int>(rows => write.Value = rows), ct);
                write.Value = write.MaxValue;
            });
        return predictions!;
    }

    private static void Report(CustomerPredictions p, bool asJson)
    {
        var (purchases, spend) = (p.Purchases, p.Spend);
        var totalClv = p.Scores.Sum(s => s.Clv);
        var totalPurchases = p.Scores.Sum(s => s.ExpectedPurchases);
        if (asJson)
        {
            Console.WriteLine(new JsonObject
            {
                ["asOf"] = p.AsOf.ToString("yyyy-MM-dd", Invariant),
                ["model"] = p.Model,
                ["customers"] = p.Count,
                ["horizonDays"] = p.HorizonDays,
                ["params"] = ClvCommand.Params(purchases.Model),
                ["converged"] = purchases.Converged,
                ["spend"] = new JsonObject { ["params"] = ClvCommand.Params(spend.Model), ["converged"] = spend.Converged, ["note"] = spend.Note },
                ["expectedPurchases"] = totalPurchases,
                ["clv"] = totalClv,
            }.ToJsonString());
            return;
        }

        AnsiConsole.MarkupLineInterpolated(Invariant, $"Stored predictions of {p.Count:N0} customers as of {p.AsOf:yyyy-MM-dd} over {p.HorizonDays} days: {totalPurchases:N1} expected purchases, CLV {totalClv:N2} in total.");
        AnsiConsole.MarkupLineInterpolated(Invariant, $"{purchases.Model.Name}: {string.Join(", ", purchases.Model.Parameters.Select(kv => $"{kv.Key} = {kv.Value:G4}"))}{(purchases.Converged ? "" : " [red](did not converge)[/]")}");
        AnsiConsole.MarkupLineInterpolated(Invariant, $"gammagamma: {string.Join(", ", spend.Model.Parameters.Select(kv => $"{kv.Key} = {kv.Value:G4}"))}{(spend.Converged ? "" : " [red](did not converge)[/]")}");
        if (spend.Note is { } note)
        {
            AnsiConsole.MarkupLineInterpolated(Invariant, $"[yellow]{note}[/]");
        }
    }
}
