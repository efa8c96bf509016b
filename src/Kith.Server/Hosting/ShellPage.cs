using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kith.Server.Hosting;

/// <summary>A plain landing page until the Blazor console arrives: where the API and its reference live.</summary>
public static class ShellPage
{
    private const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Kith</title>
        <style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#222}
        a{color:#0b5cad}code{background:#f3f3f3;padding:.1rem .3rem}</style></head>
        <body><h1>Kith</h1><p>Customer relationships for e-commerce stores · 电商客户关系管理</p>
        <ul><li><a href="/api">API reference</a> (<a href="/openapi/v1.json">OpenAPI document</a>)</li>
        <li><a href="/health">Health</a></li></ul>
        <p>Send data with an API key from <code>kith apikey create --name checkout</code>.</p></body></html>
        """;

    public static IEndpointRouteBuilder MapShell(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Content(Html, "text/html; charset=utf-8")).ExcludeFromDescription();
        return app;
    }
}
