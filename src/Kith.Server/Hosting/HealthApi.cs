using Kith.Data.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kith.Server.Hosting;

public static class HealthApi
{
    public sealed record HealthReport(string Status, string Store, bool StoreReachable);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckAsync).WithTags("Health").WithName("Health").AllowAnonymous();
        return app;
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(KithStore store, CancellationToken ct)
    {
        var reachable = await store.PingAsync(ct);
        var report = new HealthReport(reachable ? "healthy" : "unhealthy", store.Provider.ToString().ToLowerInvariant(), reachable);
        return reachable
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
