using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kith.Server.Access;

/// <summary>Declares the API key (HTTP bearer) in the OpenAPI document so the reference page can send it.</summary>
internal sealed class ApiKeySecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Kith API";
        document.Info.Description = "Send customers, products, orders and events to Kith. Authenticate with an API key " +
            "from `kith apikey create --name NAME` as `Authorization: Bearer <key>`. Errors are RFC 9457 problem details.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A Kith API key (kith_…)",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] });
        return Task.CompletedTask;
    }
}
