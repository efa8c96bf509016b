using Kith.Core.Access;
using Kith.Core.Privacy;
using Kith.Data.Audit;
using Kith.Data.Privacy;
using Kith.Data.Store;
using Kith.Server.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Kith.Server.Privacy;

/// <summary>
/// A customer's profile (masked unless the caller may see personal data) and privacy requests: consent and unsubscribe,
/// export, erasure. Every unmasked view, export, erasure and consent change is in the audit log (docs/privacy.md).
/// </summary>
public static class PrivacyApi
{
    public static RouteGroupBuilder MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/customers").WithTags("Customers and privacy");
        api.MapGet("/{externalId}", GetCustomerAsync).RequireAuthorization(Permissions.CustomersView)
            .WithName("GetCustomer").WithSummary("One customer's profile by external id; personal data masked unless the caller holds pii.view (then audited)");
        api.MapPost("/{externalId}/consents", SetConsentsAsync).RequireAuthorization(Permissions.CustomersEdit)
            .WithName("SetCustomerConsents").WithSummary("Give or withdraw consent per channel (email, sms, push, weChat); only the channels sent change");
        api.MapGet("/{externalId}/export", ExportAsync).RequireAuthorization(Permissions.CustomersExport)
            .WithName("ExportCustomer").WithSummary("Everything held about one customer as a JSON download (data-subject access request)");
        api.MapPost("/{externalId}/erase", EraseAsync).RequireAuthorization(Permissions.CustomersErase)
            .WithName("EraseCustomer").WithSummary("Erase one customer's personal data; orders are kept anonymously. Idempotent");
        return api;
    }

    private static async Task<Results<Ok<CustomerProfile>, ProblemHttpResult>> GetCustomerAsync(
        string externalId, HttpContext http, KithStore store, AuditLog audit, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalId == externalId, ct);
        if (customer is null)
        {
            return NoCustomer(externalId);
        }

        var profile = CustomerProfile.From(customer);
        if (!http.User.Has(Permissions.PiiView))
        {
            return TypedResults.Ok(profile.Masked());
        }

        await audit.WriteAsync(db, http.User.Actor(), AuditActions.PiiViewed, $"customer:{externalId}", "api: profile", ct);
        return TypedResults.Ok(profile);
    }

    private static async Task<Results<Ok<ConsentChange>, ValidationProblem, ProblemHttpResult>> SetConsentsAsync(
        string externalId, ConsentRequest body, HttpContext http, ConsentService consents, CancellationToken ct)
    {
        var result = await consents.SetAsync(externalId, new ConsentUpdate(body.Email, body.Sms, body.Push, body.WeChat), http.User.Actor(), ct);
        return result.Error switch
        {
            null => TypedResults.Ok(result.Value!),
            { Kind: PrivacyErrorKind.NotFound } e => NoCustomer(externalId, e),
            var e => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] }),
        };
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        string externalId, HttpContext http, CustomerExporter exporter, CancellationToken ct)
    {
        var result = await exporter.ExportAsync(externalId, http.User.Actor(), ct);
        return result.Value is { } export
            ? TypedResults.File(CustomerExporter.ToJson(export), "application/json", $"customer-{externalId}.json")
            : NoCustomer(externalId, result.Error);
    }

    private static async Task<Results<Ok<ErasureReceipt>, ProblemHttpResult>> EraseAsync(
        string externalId, HttpContext http, CustomerEraser eraser, CancellationToken ct)
    {
        var result = await eraser.EraseAsync(externalId, http.User.Actor(), ct);
        return result.Value is { } receipt ? TypedResults.Ok(receipt) : NoCustomer(externalId, result.Error);
    }

    private static ProblemHttpResult NoCustomer(string externalId, PrivacyError? error = null) =>
        TypedResults.Problem(error?.Message ?? PrivacyError.NoCustomer(externalId).Message, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
