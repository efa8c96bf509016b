using Kith.Core.Access;
using Kith.Core.Value;
using Kith.Data.Store;
using Kith.Server.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Kith.Server.Value;

/// <summary>A customer's stored value from the latest recompute (definitions in docs/metrics.md).</summary>
public sealed record CustomerValueResponse(
    string CustomerId, DateOnly AsOf, int? RecencyDays, int Frequency, decimal Monetary,
    short? RScore, short? FScore, short? MScore, string RfmGroup, string Lifecycle, string Tier);

public static class ValueApi
{
    public static void MapValueApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1").WithTags("Customer value").RequireAuthorization(Permissions.ValueView);
        read.MapGet("/customers/{externalId}/value", GetValueAsync).WithName("GetCustomerValue")
            .WithSummary("A customer's RFM, scores, RFM group, lifecycle stage and tier from the latest recompute");
        read.MapGet("/customers/{externalId}/tags", GetTagsAsync).WithName("GetCustomerTags")
            .WithSummary("A customer's tags: operators' manual tags and computed preference tags");
        read.MapGet("/reports/kpis", GetKpisAsync).WithName("GetKpis")
            .WithSummary("KPIs for a period of order days from..to, both included (docs/metrics.md)");
        read.MapGet("/reports/kpis/dashboard", GetKpiDashboardAsync).WithName("GetKpiDashboard")
            .WithSummary("KPIs for a period and for the previous period of equal length, with GMV, orders, buyers and AOV per day of each (the console's KPI dashboard)");
        read.MapGet("/reports/cohorts", GetCohortsAsync).WithName("GetCohorts")
            .WithSummary("Retention by first-purchase month as of a date");
        read.MapGet("/reports/flow", GetFlowAsync).WithName("GetLifecycleFlow")
            .WithSummary("Customers per lifecycle stage as of one date (rows) and another (columns)");
    }

    public sealed record TagResponse(string Tag, string Source);

    private static Task<long?> CustomerIdAsync(KithDbContext db, string externalId, CancellationToken ct) =>
        db.Customers.Where(c => c.ExternalId == externalId).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);

    private static ProblemHttpResult NoCustomer(string externalId) =>
        TypedResults.Problem($"No customer '{externalId}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static async Task<Results<Ok<List<TagResponse>>, ProblemHttpResult>> GetTagsAsync(string externalId, KithStore store, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        if (await CustomerIdAsync(db, externalId, ct) is not { } customerId)
        {
            return NoCustomer(externalId);
        }

        var tags = await db.CustomerTags.Where(t => t.CustomerId == customerId).OrderBy(t => t.Source).ThenBy(t => t.Tag)
            .Select(t => new TagResponse(t.Tag, t.Source)).ToListAsync(ct);
        return TypedResults.Ok(tags);
    }

    /// <summary>A lifecycle flow: <c>counts[i][j]</c> customers were in <c>stages[i]</c> on <c>from</c> and in <c>stages[j]</c> on <c>to</c>.</summary>
    public sealed record FlowResponse(DateOnly From, DateOnly To, string[] Stages, int[][] Counts, LifecycleWindows FromWindows, LifecycleWindows ToWindows);

    private static ValidationProblem Reversed() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["must not be before from"] });

    private static async Task<Results<Ok<KpiReport>, ValidationProblem>> GetKpisAsync(DateOnly from, DateOnly to, ValueReports reports, CancellationToken ct) =>
        to < from ? Reversed() : TypedResults.Ok(await reports.KpisAsync(from, to, ct));

    private static async Task<Results<Ok<KpiDashboard>, ValidationProblem>> GetKpiDashboardAsync(DateOnly from, DateOnly to, ValueReports reports, CancellationToken ct)
    {
        if (to < from)
        {
            return Reversed();
        }

        return from.DayNumber <= to.DayNumber - from.DayNumber
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["leaves no previous period of equal length"] })
            : TypedResults.Ok(await reports.KpiDashboardAsync(from, to, ct));
    }

    private static async Task<Ok<CohortReport>> GetCohortsAsync(DateOnly asOf, ValueReports reports, CancellationToken ct) =>
        TypedResults.Ok(await reports.CohortsAsync(asOf, ct));

    private static async Task<Results<Ok<FlowResponse>, ValidationProblem>> GetFlowAsync(DateOnly from, DateOnly to, bool? calibrate, ValueReports reports, CancellationToken ct)
    {
        if (to < from)
        {
            return Reversed();
        }

        var flow = await reports.FlowAsync(from, to, calibrate ?? false, ct);
        return TypedResults.Ok(new FlowResponse(
            flow.From, flow.To, [.. Enum.GetValues<LifecycleStage>().Select(ValueNames.Of)], flow.Counts, flow.FromWindows, flow.ToWindows));
    }

    private static async Task<Results<Ok<CustomerValueResponse>, ProblemHttpResult>> GetValueAsync(string externalId, KithStore store, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        if (await CustomerIdAsync(db, externalId, ct) is not { } customerId)
        {
            return NoCustomer(externalId);
        }

        var v = await db.CustomerValues.AsNoTracking().SingleOrDefaultAsync(x => x.CustomerId == customerId, ct);
        return v is null
            ? TypedResults.Problem("Values have not been computed since this customer arrived; run `kith recompute`.", statusCode: StatusCodes.Status404NotFound, title: "Not computed yet")
            : TypedResults.Ok(new CustomerValueResponse(externalId, v.AsOf, v.RecencyDays, v.Frequency, v.Monetary, v.RScore, v.FScore, v.MScore, v.RfmGroup, v.Lifecycle, v.Tier));
    }
}
