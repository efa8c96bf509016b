using Kith.Data.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(settings.Time);
        builder.Services.AddSingleton(new KithStore(settings.Store));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealth();
        app.MapShell();
        return app;
    }
}
