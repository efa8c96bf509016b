using System.Text;
using Kith.Core.Access;
using Kith.Data.Audit;
using Kith.Data.Loyalty;
using Kith.Server.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kith.Server.Loyalty;

/// <summary>
/// What the console's loyalty pages need beyond <see cref="LoyaltyServices"/>: the read models they show and the
/// download of an offer's codes as CSV (a console link, like the segment export, signed in by the operator's cookie).
/// </summary>
public static class LoyaltyConsole
{
    /// <summary>The audit actions the loyalty pages write.</summary>
    public const string OfferCreated = "coupon.offer_created";

    public const string CodesIssued = "coupon.issued";

    public const string CodesExported = "coupon.exported";

    public const string OfferPaused = "coupon.offer_paused";

    public const string OfferResumed = "coupon.offer_resumed";

    public const string RewardSaved = "mall.reward_saved";

    public static IServiceCollection AddLoyaltyConsole(this IServiceCollection services)
    {
        services.AddSingleton<CouponMonitor>();
        services.AddSingleton<CouponCatalog>();
        services.AddSingleton<LoyaltyFigures>();
        services.AddSingleton<MallRewards>();
        return services;
    }

    public static void MapLoyaltyConsole(this IEndpointRouteBuilder app) =>
        app.MapGet("/loyalty/coupons/{id:long}/codes.csv", ExportCodesAsync)
            .RequireAuthorization(Permissions.LoyaltyManage)
            .ExcludeFromDescription();

    /// <summary>Every code of an offer; customer names masked unless pii.view (an unmasked export is audited as a PII view too).</summary>
    private static async Task<Results<FileContentHttpResult, NotFound>> ExportCodesAsync(long id, HttpContext http, CouponCatalog catalog, AuditLog audit, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is null)
        {
            return TypedResults.NotFound();
        }

        var unmasked = http.User.Has(Permissions.PiiView);
        var buffer = new MemoryStream();
        int rows;
        // UTF-8 with a BOM, so that spreadsheet tools read Chinese names.
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(true), leaveOpen: true))
        {
            rows = await catalog.WriteCodesCsvAsync(id, writer, unmasked, ct);
        }

        await audit.WriteAsync(http.User.Actor(), CodesExported, $"coupon_offer:{id}", $"{rows} codes, names {(unmasked ? "unmasked" : "masked")}", ct);
        if (unmasked)
        {
            await audit.WriteAsync(http.User.Actor(), AuditActions.PiiViewed, $"coupon_offer:{id}", "console: coupon codes export", ct);
        }

        return TypedResults.File(buffer.ToArray(), "text/csv; charset=utf-8", $"coupon-offer-{id}-codes.csv");
    }
}
