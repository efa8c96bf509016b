using Kith.Core.Access;
using Kith.Data.Recommendations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kith.Server.Recommendations;

/// <summary>
/// Recommendations over HTTP (docs/recommendations.md, "Serving"). Reading needs <c>customers.view</c> (the
/// <c>read</c> key scope has it); cross-sell rules need <c>recommendations.manage</c>; a forced retrain needs
/// <c>settings.manage</c>. An unknown customer or product is not an error: it gets the popularity fallback.
/// </summary>
public static class RecommendationsApi
{
    public const int DefaultK = 10;
    public const int MaxK = 100;

    public static void MapRecommendationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/recommendations").WithTags("Recommendations");
        var view = api.MapGroup(string.Empty).RequireAuthorization(Permissions.CustomersView);
        var manage = api.MapGroup(string.Empty).RequireAuthorization(Permissions.RecommendationsManage);
        var admin = api.MapGroup(string.Empty).RequireAuthorization(Permissions.SettingsManage);

        view.MapGet("/customer/{customerId}", ForCustomerAsync).WithName("RecommendForCustomer")
            .WithSummary("Up to k products for a customer (k 1..100, default 10); context=SKU of the page in view; the latest views shift the list at once");
        view.MapGet("/product/{sku}", ForProduct).WithName("RecommendForProduct")
            .WithSummary("Up to k products to show with a product (k 1..100, default 10)");
        admin.MapPost("/refresh", RefreshAsync).WithName("RefreshRecommendations")
            .WithSummary("Retrain the models from the store now and swap them in (the previous ones serve meanwhile)");
        manage.MapGet("/cross-sell-rules", async (CrossSellRules rules, CancellationToken ct) =>
                TypedResults.Ok((await rules.ListAsync(ct)).Select(CrossSellRuleDto.From).ToList()))
            .WithName("ListCrossSellRules").WithSummary("The operator's cross-sell rules, highest priority first");
        manage.MapPut("/cross-sell-rules/{name}", PutRuleAsync).WithName("PutCrossSellRule")
            .WithSummary("Create or replace a rule: sku or category → targets, shown first (reason cross_sell), higher priority first");
        manage.MapDelete("/cross-sell-rules/{name}", DeleteRuleAsync).WithName("DeleteCrossSellRule").WithSummary("Delete a cross-sell rule");
    }

    private static ValidationProblem Invalid(string field, string message) => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static ValidationProblem? CheckK(int? k) =>
        k is < 1 or > MaxK ? Invalid("k", $"between 1 and {MaxK}") : null;

    private static async Task<Results<Ok<RecommendationList>, ValidationProblem>> ForCustomerAsync(
        string customerId, int? k, string? context, RecommendationIndex index, CancellationToken ct) =>
        CheckK(k) is { } problem ? problem : TypedResults.Ok(await index.ForCustomerAsync(customerId, k ?? DefaultK, string.IsNullOrWhiteSpace(context) ? null : context, ct));

    private static Results<Ok<RecommendationList>, ValidationProblem> ForProduct(string sku, int? k, RecommendationIndex index) =>
        CheckK(k) is { } problem ? problem : TypedResults.Ok(index.ForProduct(sku, k ?? DefaultK));

    private static async Task<Ok<RecommendationRefreshResult>> RefreshAsync(RecommendationIndex index, CancellationToken ct)
    {
        var s = await index.RefreshAsync(ct);
        return TypedResults.Ok(new RecommendationRefreshResult(s.TrainedAt, s.Users.Count, s.Items.Count, s.Matrix.NonZeros, s.PaidLines, Math.Round(s.TrainingTime.TotalSeconds, 3)));
    }

    private static async Task<Results<Ok<CrossSellRuleDto>, Created<CrossSellRuleDto>, ValidationProblem>> PutRuleAsync(
        string name, CrossSellRuleInput body, CrossSellRules rules, RecommendationIndex index, CancellationToken ct)
    {
        var rule = body.ToRule(name);
        var problems = rule.Validate();
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var created = await rules.PutAsync(rule, ct);
        await index.ReloadRulesAsync(ct);
        var dto = CrossSellRuleDto.From(rule);
        return created ? TypedResults.Created($"/api/v1/recommendations/cross-sell-rules/{Uri.EscapeDataString(name)}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteRuleAsync(string name, CrossSellRules rules, RecommendationIndex index, CancellationToken ct)
    {
        if (!await rules.DeleteAsync(name, ct))
        {
            return TypedResults.NotFound();
        }

        await index.ReloadRulesAsync(ct);
        return TypedResults.NoContent();
    }
}
