using Kith.Core.Value;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Server.Hosting;
using Kith.Core.Access;
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
        read.MapGet("/reports/cohorts", GetCohortsAsync).WithName("GetCohorts")
            .WithSummary("Retention by first-purchase month as of a date");
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

    private static async Task<Results<Ok<KpiReport>, ValidationProblem>> GetKpisAsync(
        DateOnly from, DateOnly to, KithStore store, KithServerSettings settings, CancellationToken ct)
    {
        if (to < from)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["must not be before from"] });
        }

        var facts = await OrderFactsLoader.LoadAsync(store, TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone), null, ct);
        return TypedResults.Ok(Kpis.Compute(facts, from, to));
    }

    private static async Task<Ok<CohortReport>> GetCohortsAsync(DateOnly asOf, KithStore store, KithServerSettings settings, CancellationToken ct)
    {
        var facts = await OrderFactsLoader.LoadAsync(store, TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone), null, ct);
        return TypedResults.Ok(CohortAnalysis.Retention(facts, asOf));
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
