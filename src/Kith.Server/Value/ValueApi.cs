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
        var read = app.MapGroup("/api/v1").WithTags("Customer value").RequireAuthorization(Scopes.Read);
        read.MapGet("/customers/{externalId}/value", GetValueAsync).WithName("GetCustomerValue")
            .WithSummary("A customer's RFM, scores, RFM group, lifecycle stage and tier from the latest recompute");
    }

    private static async Task<Results<Ok<CustomerValueResponse>, ProblemHttpResult>> GetValueAsync(string externalId, KithStore store, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var customerId = await db.Customers.Where(c => c.ExternalId == externalId).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (customerId is null)
        {
            return TypedResults.Problem($"No customer '{externalId}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var v = await db.CustomerValues.AsNoTracking().SingleOrDefaultAsync(x => x.CustomerId == customerId, ct);
        return v is null
            ? TypedResults.Problem("Values have not been computed since this customer arrived; run `kith recompute`.", statusCode: StatusCodes.Status404NotFound, title: "Not computed yet")
            : TypedResults.Ok(new CustomerValueResponse(externalId, v.AsOf, v.RecencyDays, v.Frequency, v.Monetary, v.RScore, v.FScore, v.MScore, v.RfmGroup, v.Lifecycle, v.Tier));
    }
}
