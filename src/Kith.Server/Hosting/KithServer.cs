using System.Text.Json;
using System.Text.Json.Serialization;
using Kith.Data.Access;
using Kith.Data.Store;
using Kith.Server.Access;
using Kith.Server.Ingestion;
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
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(settings.Time);
        services.AddSingleton(new KithStore(settings.Store));
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<IngestRunner>();
        if (settings.RecomputeEvery is { } every && every > TimeSpan.Zero)
        {
            services.AddHostedService<ValueRecomputeService>();
        }

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Bad JSON reaches the exception handler, which names the field, instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorization(Scopes.AddPolicies);
        services.AddOpenApi(o => o.AddDocumentTransformer<ApiKeySecurityTransformer>());

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/api", o => o
            .WithTitle("Kith API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapHealth();
        app.MapShell();
        app.MapIngestionApi();
        app.MapValueApi();
        return app;
    }

    /// <summary>The API's JSON: camelCase, enums as snake_case strings, unknown fields refused (a typo must not drop data).</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }
}
