using Kith.Core.Access;
using Kith.Data.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Kith.Server.Clv;

/// <summary>
/// A customer's stored predictions (docs/clv.md): from the latest <c>kith clv score</c> the expected purchases within
/// the horizon, P(alive), expected spend per purchase and CLV; from the latest <c>kith churn score</c> the churn risk
/// and band (null until then).
/// </summary>
public sealed record CustomerPredictionResponse(
    string CustomerId, DateOnly AsOf, string Model, int HorizonDays, double ExpectedPurchases, double PAlive,
    decimal ExpectedSpend, decimal Clv, double? ChurnRisk, string? ChurnBand);

public static class PredictionApi
{
    public static void MapPredictionApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1").WithTags("Customer lifetime value").RequireAuthorization(Permissions.ValueView);
        read.MapGet("/customers/{externalId}/prediction", GetPredictionAsync).WithName("GetCustomerPrediction")
            .WithSummary("A customer's CLV, P(alive), expected purchases and churn risk from the latest kith clv score / kith churn score");
    }

    private static async Task<Results<Ok<CustomerPredictionResponse>, ProblemHttpResult>> GetPredictionAsync(string externalId, KithStore store, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var customerId = await db.Customers.Where(c => c.ExternalId == externalId).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (customerId is null)
        {
            return TypedResults.Problem($"No customer '{externalId}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var p = await db.CustomerPredictions.AsNoTracking().SingleOrDefaultAsync(x => x.CustomerId == customerId, ct);
        return p is null
            ? TypedResults.Problem("No prediction for this customer: they had no paid order on or before the last `kith clv score` date, or it has not run.",
                statusCode: StatusCodes.Status404NotFound, title: "Not computed yet")
            : TypedResults.Ok(new CustomerPredictionResponse(externalId, p.AsOf, p.Model, p.HorizonDays, p.ExpectedPurchases, p.ProbabilityAlive, p.ExpectedSpend, p.Clv, p.ChurnRisk, p.ChurnBand));
    }
}
