using Microsoft.AspNetCore.Authorization;

namespace Kith.Server.Access;

/// <summary>Authorization policies, one per API key scope.</summary>
public static class Scopes
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Admin = "admin";

    internal static void AddPolicies(AuthorizationOptions options)
    {
        foreach (var scope in new[] { Ingest, Read, Admin })
        {
            options.AddPolicy(scope, p => p
                .AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthentication.ScopeClaim, scope, Admin));
        }
    }
}
