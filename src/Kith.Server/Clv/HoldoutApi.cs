using System.Globalization;
using Kith.Core.Access;
using Kith.Core.Clv;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kith.Server.Clv;

/// <summary>
/// The calibration/holdout report (docs/clv.md §4) as <c>kith clv report --json</c> prints it, with the fit: the model
/// and the windows asked for, the fitted parameters by name, log-likelihood and convergence, then the report's totals,
/// buckets by calibration frequency and weekly tracking curve.
/// </summary>
public sealed record HoldoutResponse(
    string Model, DateOnly CalibrationEnd, DateOnly HoldoutEnd, string TimeUnit,
    IReadOnlyDictionary<string, double> Params, double LogLikelihood, bool Converged, int Iterations, string Optimizer, string? Note,
    int Customers, int LeftOut, double HoldoutLength, double Predicted, int Actual,
    IReadOnlyList<FrequencyBucket> ByFrequency, IReadOnlyList<TrackingWeek> Tracking)
{
    public static HoldoutResponse Of(HoldoutEvaluation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var (fit, report) = (e.Fit, e.Report);
        return new HoldoutResponse(
            report.Model, e.Request.CalibrationEnd, e.Request.HoldoutEnd, e.Request.Unit.ToString().ToLowerInvariant(),
            fit.Model.Parameters.ToDictionary(p => p.Key, p => p.Value), fit.LogLikelihood, fit.Converged, fit.Iterations, fit.Optimizer, fit.Note,
            report.Customers, e.LeftOut, report.HoldoutLength, report.Predicted, report.Actual, report.ByFrequency, report.Tracking);
    }
}

public static class HoldoutApi
{
    public static void MapHoldoutApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/clv").WithTags("Customer lifetime value").RequireAuthorization(Permissions.ValueView);
        read.MapGet("/holdout", GetHoldoutAsync).WithName("GetClvHoldout")
            .WithSummary("Calibration/holdout report: a BG/NBD or Pareto/NBD model fitted on the paid orders up to calibrationEnd, its predictions against the purchases up to holdoutEnd — in total, by calibration frequency 0..7+ and as a weekly cumulative tracking curve (as kith clv report)");
    }

    /// <param name="model">bgnbd (default) or paretonbd</param>
    /// <param name="calibrationEnd">last day of the calibration window, YYYY-MM-DD, included</param>
    /// <param name="holdoutEnd">last day of the holdout window, YYYY-MM-DD, included; at least one time unit after calibrationEnd</param>
    /// <param name="timeUnit">week (default) or day: the unit of the parameters</param>
    private static async Task<Results<Ok<HoldoutResponse>, ValidationProblem>> GetHoldoutAsync(
        string? model, string? calibrationEnd, string? holdoutEnd, string? timeUnit, ClvReports reports, CancellationToken ct)
    {
        // Dates and words are read here rather than bound, so that a bad one is a 400 naming the parameter.
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var calibration = Day(calibrationEnd, "calibrationEnd", errors);
        var holdout = Day(holdoutEnd, "holdoutEnd", errors);
        ClvTimeUnit unit = ClvTimeUnit.Week;
        switch (timeUnit)
        {
            case null or "" or "week":
                break;
            case "day":
                unit = ClvTimeUnit.Day;
                break;
            default:
                errors["timeUnit"] = ["must be day or week"];
                break;
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var outcome = await reports.HoldoutAsync(new HoldoutRequest(string.IsNullOrEmpty(model) ? RepeatPurchaseModels.BgNbd : model, calibration!.Value, holdout!.Value, unit), ct);
        return outcome.Error is { } e
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] })
            : TypedResults.Ok(HoldoutResponse.Of(outcome.Evaluation!));
    }

    private static DateOnly? Day(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            errors[field] = ["is required (YYYY-MM-DD)"];
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors[field] = [$"'{text}' is not a date (YYYY-MM-DD)"];
            return null;
        }

        return day;
    }
}
