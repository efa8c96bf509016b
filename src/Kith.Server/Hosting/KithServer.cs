using System.Text.Json;
using System.Text.Json.Serialization;
using Kith.Data.Access;
using Kith.Data.Audit;
using Kith.Data.Clv;
using Kith.Data.Privacy;
using Kith.Data.Segments;
using Kith.Data.Customers;
using Kith.Server.Console;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Kith.Data.Store;
using Kith.Server.Access;
using Kith.Server.Clv;
using Kith.Server.Ingestion;
using Kith.Server.Privacy;
using Kith.Server.Recommendations;
using Kith.Data.Recommendations;
using Kith.Server.Segments;
using Kith.Server.Loyalty;
using Kith.Server.Value;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scalar.AspNetCore;

namespace Kith.Server.Hosting;

/// <summary>Builds the Kith web host: REST API, OpenAPI document and reference page, health, console.</summary>
public static class KithServer
{
    public static WebApplication Build(KithServerSettings settings, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            EnvironmentName = settings.Environment,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(settings.Urls);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        settings.Logging?.Invoke(builder.Logging);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(settings.Time);
        services.AddSingleton(new KithStore(settings.Store));
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<IngestRunner>();
        services.AddSingleton<CustomerExporter>();
        services.AddSingleton<CustomerEraser>();
        services.AddSingleton<ConsentService>();
        services.AddSingleton<ValueReports>();
        services.AddSingleton<ClvReports>();
        services.AddSingleton(sp => new ChurnRiskList(sp.GetRequiredService<KithStore>()));
        services.AddSingleton<SegmentCatalog>();
        services.AddSingleton<SegmentProfileCache>();
        services.AddSingleton<SegmentWorkbench>();
        services.AddSingleton<SegmentRefreshService>();
        services.AddHostedService(sp => sp.GetRequiredService<SegmentRefreshService>());
        services.AddSingleton<CrossSellRules>();
        services.AddSingleton<RecommendationIndex>();
        services.AddSingleton<RecommendationEvaluations>();
        services.AddHostedService<RecommendationRefreshService>();
        services.AddSingleton<ValueUpdateQueue>();
        services.AddHostedService<IncrementalValueService>();
        services.AddLoyalty();
        if (settings.RecomputeEvery is { } every && every > TimeSpan.Zero)
        {
            services.AddHostedService<ValueRecomputeService>();
        }

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Bad JSON reaches the exception handler, which names the field, instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        AddAccess(services);
        services.AddOpenApi(o => o.AddDocumentTransformer<ApiKeySecurityTransformer>());
        builder.WebHost.UseStaticWebAssets();
        ConsoleHost.AddConsole(services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseMiddleware<PasswordChangeGate>();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api", o => o
            .WithTitle("Kith API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapHealth();
        ConsoleHost.MapConsole(app);
        app.MapIngestionApi();
        app.MapPrivacyApi();
        app.MapValueApi();
        app.MapPredictionApi();
        app.MapHoldoutApi();
        app.MapSegmentsApi();
        app.MapLoyaltyApi();
        app.MapRecommendationsApi();
        return app;
    }

    /// <summary>
    /// Operators sign in with a cookie (ASP.NET Core Identity); store systems send an API key. One policy scheme
    /// picks the handler by what the request carries, so every page and endpoint checks the same permissions.
    /// </summary>
    private static void AddAccess(IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddScoped<OperatorAccounts>();
        services.AddSingleton(sp => new CustomerDirectory(sp.GetRequiredService<KithStore>()));
        services.AddSingleton<CustomerProfiles>();
        services.AddKithIdentity();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = KithScheme;
                o.DefaultChallengeScheme = KithScheme;
                o.DefaultForbidScheme = KithScheme;
            })
            .AddPolicyScheme(KithScheme, "API key or operator cookie", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthentication.IsPresented(context.Request) ? ApiKeyAuthentication.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "kith.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            // The API answers 401/403 problems; only pages redirect to the sign-in page.
            o.Events.OnRedirectToLogin = c => ApiOrRedirect(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => ApiOrRedirect(c, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorization(PermissionPolicies.Add);
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
    }

    private const string KithScheme = "Kith";

    private static Task ApiOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"kith\"";
            }

            return context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = status,
                    Title = status == StatusCodes.Status401Unauthorized ? "Unauthorized" : "Forbidden",
                    Detail = status == StatusCodes.Status401Unauthorized
                        ? "Sign in, or send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>' (kith apikey create --name NAME)."
                        : "Your role does not allow this.",
                },
            }).AsTask();
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>The API's JSON: camelCase, enums as snake_case strings, unknown fields refused (a typo must not drop data).</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }
}
