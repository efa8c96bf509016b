using System.Security.Claims;
using Kith.Core.Access;
using Kith.Core.Loyalty;
using Kith.Core.Loyalty.Points;
using Kith.Core.Loyalty.Tiers;
using Kith.Data.Audit;
using Kith.Data.Loyalty;
using Kith.Data.Store;
using Kith.Server.Access;
using Kith.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Kith.Server.Loyalty;

/// <summary>
/// Coupons, points, tiers and the mall over HTTP (docs/loyalty.md). Checkout calls (<c>loyalty.checkout</c>) take an
/// optional <c>Idempotency-Key</c> header: the same key returns the same answer and has no second effect. A
/// business refusal (already used, insufficient points, out of stock) is 409 with a reason code; a malformed request
/// is 400 naming the field.
/// </summary>
public static class LoyaltyApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static void MapLoyaltyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Loyalty");
        var checkout = api.MapGroup(string.Empty).RequireAuthorization(Permissions.LoyaltyCheckout);
        var view = api.MapGroup(string.Empty).RequireAuthorization(Permissions.LoyaltyView);
        var manage = api.MapGroup(string.Empty).RequireAuthorization(Permissions.LoyaltyManage);

        checkout.MapPost("/coupons/validate", ValidateAsync).WithName("ValidateCoupon")
            .WithSummary("Whether a code applies to an order and the discount, or the reason it does not (changes nothing)");
        checkout.MapPost("/coupons/redeem", RedeemAsync).WithName("RedeemCoupon")
            .WithSummary("action=reserve (order placed; holds the code), commit (paid), release (cancelled) or reverse (refunded); atomic, idempotent with Idempotency-Key");
        checkout.MapPost("/customers/{customerId}/points/earn", EarnAsync).WithName("EarnPoints")
            .WithSummary("Earn points: a fixed number with a source, or the program's points for a behaviour (sign_in, share, review, ...) capped per day");
        checkout.MapPost("/customers/{customerId}/points/redeem", RedeemPointsAsync).WithName("RedeemPoints")
            .WithSummary("Spend usable points (oldest-expiring first); refused if the balance is short");
        checkout.MapPost("/mall/orders", MallOrderAsync).WithName("OrderReward").WithSummary("Redeem a mall reward for points (+ cash); stock is never oversold");
        checkout.MapPost("/mall/orders/{orderId:long}/cancel", MallCancelAsync).WithName("CancelRewardOrder").WithSummary("Cancel a mall order: stock and points come back");

        checkout.MapPost("/customers/{customerId}/referral-code", async Task<Results<Ok<ReferralCodeResponse>, NotFound>> (string customerId, Referrals referrals, CancellationToken ct) =>
                await referrals.CodeForAsync(customerId, ct) is { } code ? TypedResults.Ok(new ReferralCodeResponse(customerId, code)) : TypedResults.NotFound())
            .WithName("GetReferralCode").WithSummary("The customer's invite code (created on first call)");
        checkout.MapPost("/referrals", AcceptReferralAsync).WithName("AcceptReferral")
            .WithSummary("A new customer accepts an invite code; both are rewarded when the friend's first order completes");

        view.MapGet("/customers/{customerId}/points", BalanceAsync).WithName("GetPoints").WithSummary("A customer's usable, pending and owed points");
        view.MapGet("/customers/{customerId}/points/entries", EntriesAsync).WithName("GetPointsEntries").WithSummary("A customer's ledger entries, newest first");
        view.MapGet("/customers/{customerId}/tier", TierAsync).WithName("GetTier").WithSummary("A customer's membership level, benefits and what is left to the next level");
        view.MapGet("/mall/rewards", RewardsAsync).WithName("ListRewards").WithSummary("The points mall's active rewards with stock left");
        view.MapGet("/coupons/templates", TemplatesAsync).WithName("ListCouponTemplates").WithSummary("Coupon offers");
        view.MapGet("/coupons/templates/{id:long}", TemplateAsync).WithName("GetCouponTemplate").WithSummary("One coupon offer");
        view.MapGet("/loyalty/points-program", (LoyaltySettings s, CancellationToken ct) => s.PointsProgramAsync(ct)).WithName("GetPointsProgram").WithSummary("The points rules");
        view.MapGet("/loyalty/tier-scheme", (LoyaltySettings s, CancellationToken ct) => s.TierSchemeAsync(ct)).WithName("GetTierScheme").WithSummary("The membership levels");

        manage.MapPost("/coupons/templates", CreateTemplateAsync).WithName("CreateCouponTemplate").WithSummary("Create a coupon offer (e.g. kind=threshold, minSpend=300, amountOff=50)");
        manage.MapPost("/coupons/templates/{id:long}/issue", IssueAsync).WithName("IssueCoupons")
            .WithSummary("Issue single-use codes: one per member of a segment, one per listed customer, or count anonymous codes");
        manage.MapPost("/coupons/templates/{id:long}/pause", (long id, ClaimsPrincipal user, CouponCatalog catalog, AuditLog audit, CancellationToken ct) =>
            SetStatusAsync(id, true, user, catalog, audit, ct)).WithName("PauseCouponTemplate")
            .WithSummary("Pause an offer: checkouts are refused template_paused until it is resumed (held reservations may still commit)");
        manage.MapPost("/coupons/templates/{id:long}/resume", (long id, ClaimsPrincipal user, CouponCatalog catalog, AuditLog audit, CancellationToken ct) =>
            SetStatusAsync(id, false, user, catalog, audit, ct)).WithName("ResumeCouponTemplate").WithSummary("Resume a paused offer");
        manage.MapPost("/coupons/templates/{id:long}/shared-codes", SharedCodeAsync).WithName("CreateSharedCode").WithSummary("One code anyone may use up to maxUses times");
        manage.MapPut("/loyalty/points-program", SaveProgramAsync).WithName("SavePointsProgram").WithSummary("Replace the points rules");
        manage.MapPut("/loyalty/tier-scheme", SaveSchemeAsync).WithName("SaveTierScheme").WithSummary("Replace the membership levels");
        manage.MapPost("/customers/{customerId}/points/adjust", AdjustAsync).WithName("AdjustPoints").WithSummary("An operator's correction (positive or negative), with a reason");
    }

    private static string? Key(HttpRequest request) =>
        request.Headers.TryGetValue(IdempotencyHeader, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;

    private static ValidationProblem Invalid(string field, string message) => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static Dictionary<string, string[]> Required(CouponRequest body, bool needCart)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(body.Code))
        {
            problems["code"] = ["required"];
        }

        if (string.IsNullOrWhiteSpace(body.OrderId))
        {
            problems["orderId"] = ["required"];
        }

        if (needCart && string.IsNullOrWhiteSpace(body.CustomerId))
        {
            problems["customerId"] = ["required"];
        }

        return problems;
    }

    private static async Task<Results<Ok<CouponResponse>, ValidationProblem>> ValidateAsync(
        CouponRequest body, CouponRedemptions coupons, CouponVelocity velocity, KithStore store, TimeProvider time, CancellationToken ct)
    {
        var problems = Required(body, needCart: true);
        var (cart, cartProblems) = body.ToCart();
        foreach (var (k, v) in cartProblems)
        {
            problems[k] = v;
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        if (await VelocityRefusalAsync(body, velocity, store, time, ct) is { } refused)
        {
            return TypedResults.Ok(refused);
        }

        var decision = await coupons.ValidateAsync(new CouponCheckout(body.CustomerId!, body.Code!, body.OrderId!, cart!, body.Device, body.Ip), ct);
        return TypedResults.Ok(CouponResponse.From(decision));
    }

    private static async Task<Results<Ok<CouponResponse>, Conflict<CouponResponse>, ValidationProblem>> RedeemAsync(
        CouponRequest body, HttpRequest request, CouponRedemptions coupons, CouponVelocity velocity, KithStore store, TimeProvider time, CancellationToken ct)
    {
        var action = body.Action?.Trim().ToLowerInvariant();
        if (action is not ("reserve" or "commit" or "release" or "reverse"))
        {
            return Invalid("action", "must be reserve, commit, release or reverse");
        }

        var problems = Required(body, needCart: action == "reserve");
        Kith.Core.Loyalty.Coupons.Cart? cart = null;
        if (action == "reserve")
        {
            (cart, var cartProblems) = body.ToCart();
            foreach (var (k, v) in cartProblems)
            {
                problems[k] = v;
            }

            if (body.HoldMinutes is not (null or (>= 1 and <= 7 * 24 * 60)))
            {
                problems["holdMinutes"] = ["must be from 1 to 10080 (a week)"];
            }
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var key = Key(request);
        try
        {
            CouponDecision decision;
            if (action == "reserve")
            {
                if (await VelocityRefusalAsync(body, velocity, store, time, ct) is { } refused)
                {
                    return TypedResults.Conflict(refused);
                }

                var hold = body.HoldMinutes is { } m ? TimeSpan.FromMinutes(m) : (TimeSpan?)null;
                decision = await coupons.ReserveAsync(new CouponCheckout(body.CustomerId!, body.Code!, body.OrderId!, cart!, body.Device, body.Ip), hold, key, ct);
            }
            else
            {
                decision = action switch
                {
                    "commit" => await coupons.CommitAsync(body.Code!, body.OrderId!, key, ct),
                    "release" => await coupons.ReleaseAsync(body.Code!, body.OrderId!, key, ct),
                    _ => await coupons.ReverseAsync(body.Code!, body.OrderId!, key, ct),
                };
            }

            var response = CouponResponse.From(decision);
            return decision.Ok ? TypedResults.Ok(response) : TypedResults.Conflict(response);
        }
        catch (IdempotencyKeyReusedException e)
        {
            return Invalid(IdempotencyHeader, e.Message);
        }
    }

    /// <summary>Over the velocity limit: a refusal, and a flag for review.</summary>
    private static async Task<CouponResponse?> VelocityRefusalAsync(CouponRequest body, CouponVelocity velocity, KithStore store, TimeProvider time, CancellationToken ct)
    {
        var (allowed, tripped) = velocity.Attempt(body.CustomerId, body.Device, body.Ip);
        if (allowed)
        {
            return null;
        }

        await using (var db = store.CreateContext())
        {
            db.CouponFlags.Add(new CouponFlagRow { Code = body.Code, Device = body.Device, Ip = body.Ip, Reason = $"velocity: {tripped}", CreatedAt = time.GetUtcNow() });
            await db.SaveChangesAsync(ct);
        }

        var refusal = Kith.Core.Loyalty.Coupons.CouponRefusal.VelocityLimited;
        return new CouponResponse(false, Kith.Core.Loyalty.Coupons.CouponRefusals.Code(refusal), Kith.Core.Loyalty.Coupons.CouponRefusals.Describe(refusal),
            body.Code ?? "", body.OrderId ?? "", 0, 0, body.Currency ?? "", null, null);
    }

    private static async Task<Results<Ok<PointsChange>, Conflict<PointsChange>, NotFound<PointsChange>, ValidationProblem>> EarnAsync(
        string customerId, PointsEarnRequest body, HttpRequest request, PointsLedger ledger, KithServerSettings settings, TimeProvider time, CancellationToken ct)
    {
        if (body.Source is null)
        {
            return Invalid("source", "required (order, sign_in, share, review, referral, birthday, manual)");
        }

        if (body.Points is <= 0)
        {
            return Invalid("points", "must be a whole number above zero");
        }

        if (body.Points is null && body.Source is PointsSource.Order or PointsSource.Manual or PointsSource.Mall or PointsSource.Expiry)
        {
            return Invalid("points", $"required for source {body.Source}; only behaviours have fixed points in the program");
        }

        try
        {
            PointsChange change;
            if (body.Points is { } points)
            {
                change = await ledger.EarnAsync(new PointsEarn(customerId, points, body.Source.Value, body.Reason ?? body.Source.Value.ToString(), body.Reference), Key(request), ct);
            }
            else
            {
                var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
                var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone);
                var dayStart = new DateTimeOffset(local.Date, local.Offset).ToUniversalTime();
                change = await ledger.EarnForBehaviourAsync(customerId, body.Source.Value, dayStart, body.Reference, Key(request), ct);
            }

            return PointsResult(change);
        }
        catch (IdempotencyKeyReusedException e)
        {
            return Invalid(IdempotencyHeader, e.Message);
        }
    }

    private static async Task<Results<Ok<PointsChange>, Conflict<PointsChange>, NotFound<PointsChange>, ValidationProblem>> RedeemPointsAsync(
        string customerId, PointsRedeemRequest body, HttpRequest request, PointsLedger ledger, CancellationToken ct)
    {
        if (body.Points is not > 0)
        {
            return Invalid("points", "required: a whole number above zero");
        }

        try
        {
            return PointsResult(await ledger.RedeemAsync(customerId, body.Points.Value, PointsSource.Mall, body.Reason ?? "redeemed", body.Reference, Key(request), ct));
        }
        catch (IdempotencyKeyReusedException e)
        {
            return Invalid(IdempotencyHeader, e.Message);
        }
    }

    private static async Task<Results<Ok<PointsChange>, Conflict<PointsChange>, NotFound<PointsChange>, ValidationProblem>> AdjustAsync(
        string customerId, PointsAdjustRequest body, HttpRequest request, ClaimsPrincipal user, PointsLedger ledger, CancellationToken ct)
    {
        if (body.Delta is null or 0)
        {
            return Invalid("delta", "required: a whole number, positive to add, negative to take");
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            return Invalid("reason", "required: say why, it is kept in the ledger");
        }

        try
        {
            return PointsResult(await ledger.AdjustAsync(customerId, body.Delta.Value, body.Reason.Trim(), user.Identity?.Name ?? "api", Key(request), ct));
        }
        catch (IdempotencyKeyReusedException e)
        {
            return Invalid(IdempotencyHeader, e.Message);
        }
    }

    private static Results<Ok<PointsChange>, Conflict<PointsChange>, NotFound<PointsChange>, ValidationProblem> PointsResult(PointsChange change) =>
        change.Ok ? TypedResults.Ok(change)
        : change.Reason == PointsRefusal.UnknownCustomer.Code() ? TypedResults.NotFound(change)
        : TypedResults.Conflict(change);

    public sealed record ReferralCodeResponse(string CustomerId, string Code);

    public sealed class ReferralRequest
    {
        public string? Code { get; set; }
        public string? FriendId { get; set; }
    }

    private static async Task<Results<Ok<ReferralDecision>, Conflict<ReferralDecision>, ValidationProblem>> AcceptReferralAsync(ReferralRequest body, Referrals referrals, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Code))
        {
            return Invalid("code", "required");
        }

        if (string.IsNullOrWhiteSpace(body.FriendId))
        {
            return Invalid("friendId", "required");
        }

        var d = await referrals.AcceptAsync(body.Code, body.FriendId, ct);
        return d.Ok ? TypedResults.Ok(d) : TypedResults.Conflict(d);
    }

    private static async Task<Results<Ok<PointsBalance>, NotFound>> BalanceAsync(string customerId, PointsLedger ledger, CancellationToken ct) =>
        await ledger.BalanceAsync(customerId, ct) is { } b ? TypedResults.Ok(b) : TypedResults.NotFound();

    public sealed record PointsEntryResponse(long Id, PointsEntryKind Kind, PointsSource Source, long Points, long BalanceAfter, string Reason, string? Reference, DateTimeOffset CreatedAt);

    private static async Task<Results<Ok<List<PointsEntryResponse>>, NotFound, ValidationProblem>> EntriesAsync(string customerId, int? limit, KithStore store, CancellationToken ct)
    {
        if (limit is not (null or (>= 1 and <= 1000)))
        {
            return Invalid("limit", "must be from 1 to 1000");
        }

        await using var db = store.CreateContext();
        var id = await db.Customers.Where(c => c.ExternalId == customerId).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (id is null)
        {
            return TypedResults.NotFound();
        }

        var entries = await db.PointsEntries.AsNoTracking().Where(e => e.CustomerId == id).OrderByDescending(e => e.Id).Take(limit ?? 50)
            .Select(e => new PointsEntryResponse(e.Id, e.Kind, e.Source, e.Points, e.BalanceAfter, e.Reason, e.Reference, e.CreatedAt)).ToListAsync(ct);
        return TypedResults.Ok(entries);
    }

    private static async Task<Results<Ok<CustomerTier>, NotFound>> TierAsync(string customerId, CustomerTiers tiers, CancellationToken ct) =>
        await tiers.GetAsync(customerId, ct) is { } t ? TypedResults.Ok(t) : TypedResults.NotFound();

    public sealed record RewardResponse(long Id, string Name, string Kind, string? Description, long PointsPrice, decimal CashPrice, string Currency, int? StockLeft,
        int? PerCustomerLimit, int? MinTierRank);

    private static async Task<Ok<List<RewardResponse>>> RewardsAsync(KithStore store, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var rows = await db.MallRewards.AsNoTracking().Where(r => r.Active).OrderBy(r => r.PointsPrice).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => new RewardResponse(r.Id, r.Name, r.Kind, r.Description, r.PointsPrice,
            CurrencyUnits.IsKnown(r.Currency) ? CurrencyUnits.FromMinor(r.CashPriceMinor, r.Currency) : 0m, r.Currency,
            r.Stock is { } s ? s - r.Sold : null, r.PerCustomerLimit, r.MinTierRank)).ToList());
    }

    private static async Task<Results<Ok<MallDecision>, Conflict<MallDecision>, ValidationProblem>> MallOrderAsync(
        MallOrderRequest body, HttpRequest request, PointsMall mall, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.CustomerId))
        {
            return Invalid("customerId", "required");
        }

        if (body.RewardId is null)
        {
            return Invalid("rewardId", "required");
        }

        try
        {
            var d = await mall.OrderAsync(body.CustomerId, body.RewardId.Value, Key(request), ct);
            return d.Ok ? TypedResults.Ok(d) : TypedResults.Conflict(d);
        }
        catch (IdempotencyKeyReusedException e)
        {
            return Invalid(IdempotencyHeader, e.Message);
        }
    }

    private static async Task<Results<Ok<MallDecision>, Conflict<MallDecision>>> MallCancelAsync(long orderId, HttpRequest request, PointsMall mall, CancellationToken ct)
    {
        var d = await mall.CancelAsync(orderId, Key(request), ct);
        return d.Ok ? TypedResults.Ok(d) : TypedResults.Conflict(d);
    }

    private static async Task<Ok<List<CouponTemplateResponse>>> TemplatesAsync(KithStore store, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var rows = await db.CouponTemplates.AsNoTracking().OrderByDescending(t => t.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(CouponTemplateResponse.From).ToList());
    }

    private static async Task<Results<Ok<CouponTemplateResponse>, NotFound>> TemplateAsync(long id, KithStore store, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var row = await db.CouponTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        return row is null ? TypedResults.NotFound() : TypedResults.Ok(CouponTemplateResponse.From(row));
    }

    private static async Task<Results<Ok<CouponTemplateResponse>, NotFound>> SetStatusAsync(
        long id, bool paused, ClaimsPrincipal user, CouponCatalog catalog, AuditLog audit, CancellationToken ct)
    {
        var row = await catalog.SetStatusAsync(id, paused, ct);
        if (row is null)
        {
            return TypedResults.NotFound();
        }

        await audit.WriteAsync(user.Actor(), paused ? LoyaltyConsole.OfferPaused : LoyaltyConsole.OfferResumed, $"coupon_offer:{id}", row.Name, ct);
        return TypedResults.Ok(CouponTemplateResponse.From(row));
    }

    private static async Task<Results<Created<CouponTemplateResponse>, ValidationProblem>> CreateTemplateAsync(
        CouponTemplateInput body, ClaimsPrincipal user, CouponIssuer issuer, CancellationToken ct)
    {
        var (row, problems) = body.ToRow(user.Identity?.Name ?? "api");
        if (row is null)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var (template, more) = await issuer.CreateTemplateAsync(row, ct);
        return template is null
            ? TypedResults.ValidationProblem(FieldProblems(more))
            : TypedResults.Created($"/api/v1/coupons/templates/{template.Id}", CouponTemplateResponse.From(template));
    }

    private static async Task<Results<Ok<CouponIssue>, NotFound, ValidationProblem>> IssueAsync(long id, CouponIssueRequest body, CouponIssuer issuer, KithStore store, TimeProvider time, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        if (!await db.CouponTemplates.AnyAsync(t => t.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var ways = (body.SegmentId is null ? 0 : 1) + (body.CustomerIds is null ? 0 : 1) + (body.Count is null ? 0 : 1);
        if (ways != 1)
        {
            return Invalid("segmentId", "give exactly one of segmentId, customerIds or count");
        }

        if (body.Prefix is { Length: > 16 } || (body.Prefix is { } p && !p.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            return Invalid("prefix", "at most 16 letters, digits or dashes");
        }

        if (body.SegmentId is { } segmentId)
        {
            if (!await db.Segments.AnyAsync(s => s.Id == segmentId, ct))
            {
                return Invalid("segmentId", $"no segment {segmentId}");
            }

            return TypedResults.Ok(await issuer.IssueToSegmentAsync(id, segmentId, body.Prefix?.ToUpperInvariant(), null, ct));
        }

        if (body.Count is { } count)
        {
            if (count is < 1 or > CouponIssuer.MaxCodesPerIssue)
            {
                return Invalid("count", $"must be from 1 to {CouponIssuer.MaxCodesPerIssue}");
            }

            return TypedResults.Ok(await issuer.GenerateAsync(id, count, $"generated {time.GetUtcNow():yyyy-MM-dd HH:mm}", body.Prefix?.ToUpperInvariant(), null, ct));
        }

        var wanted = body.CustomerIds!.Distinct(StringComparer.Ordinal).ToList();
        var ids = await db.Customers.Where(c => wanted.Contains(c.ExternalId)).Select(c => new { c.ExternalId, c.Id }).ToListAsync(ct);
        var unknown = wanted.Except(ids.Select(x => x.ExternalId), StringComparer.Ordinal).Take(10).ToList();
        if (unknown.Count > 0)
        {
            return Invalid("customerIds", $"unknown customers: {string.Join(", ", unknown)}");
        }

        return TypedResults.Ok(await issuer.IssueToCustomersAsync(id, ids.Select(x => x.Id).ToList(), $"api {time.GetUtcNow():yyyy-MM-dd HH:mm}", body.Prefix?.ToUpperInvariant(), null, ct));
    }

    public sealed record SharedCodeResponse(long Id, string Code, int MaxUses);

    private static async Task<Results<Ok<SharedCodeResponse>, NotFound, ValidationProblem>> SharedCodeAsync(long id, SharedCodeRequest body, CouponIssuer issuer, KithStore store, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Code) || body.Code.Trim().Length > 64 || !body.Code.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return Invalid("code", "required: up to 64 letters, digits or dashes");
        }

        if (body.MaxUses is not (>= 1 and <= 100_000_000))
        {
            return Invalid("maxUses", "required: from 1 to 100000000");
        }

        await using var db = store.CreateContext();
        if (!await db.CouponTemplates.AnyAsync(t => t.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var normalized = Kith.Core.Loyalty.Coupons.CouponCodes.Normalize(body.Code);
        if (await db.CouponCodes.AnyAsync(c => c.Code == normalized, ct))
        {
            return Invalid("code", $"'{normalized}' exists");
        }

        var row = await issuer.CreateSharedCodeAsync(id, normalized, body.MaxUses.Value, ct);
        return TypedResults.Ok(new SharedCodeResponse(row.Id, row.Code, row.MaxUses));
    }

    private static async Task<Results<Ok<PointsProgram>, ValidationProblem>> SaveProgramAsync([FromBody] PointsProgram body, ClaimsPrincipal user, LoyaltySettings settings, CancellationToken ct)
    {
        var problems = await settings.SavePointsProgramAsync(body, user.Identity?.Name ?? "api", ct);
        return problems.Count == 0 ? TypedResults.Ok(body) : TypedResults.ValidationProblem(FieldProblems(problems));
    }

    private static async Task<Results<Ok<TierScheme>, ValidationProblem>> SaveSchemeAsync([FromBody] TierScheme body, ClaimsPrincipal user, LoyaltySettings settings, CancellationToken ct)
    {
        var problems = await settings.SaveTierSchemeAsync(body, user.Identity?.Name ?? "api", ct);
        return problems.Count == 0 ? TypedResults.Ok(body) : TypedResults.ValidationProblem(FieldProblems(problems));
    }

    /// <summary>"field: message" problems from the domain into a validation problem keyed by field.</summary>
    private static Dictionary<string, string[]> FieldProblems(IEnumerable<string> problems) =>
        problems.Select(p => p.Split(": ", 2)).GroupBy(p => p.Length == 2 ? p[0] : "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Length == 2 ? p[1] : p[0]).ToArray(), StringComparer.Ordinal);
}
