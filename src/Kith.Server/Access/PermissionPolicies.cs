using System.Security.Claims;
using Kith.Core.Access;
using Microsoft.AspNetCore.Authorization;

namespace Kith.Server.Access;

/// <summary>
/// One authorization policy per <see cref="Permissions"/> entry: an operator holds it through a role, a store
/// system through an API key scope (<see cref="PermissionMatrix"/>).
/// </summary>
public static class PermissionPolicies
{
    internal static void Add(AuthorizationOptions options)
    {
        foreach (var permission in Permissions.All)
        {
            options.AddPolicy(permission, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
        }
    }

    /// <summary>True if the signed-in operator or API key holds <paramref name="permission"/>.</summary>
    public static bool Has(this ClaimsPrincipal user, string permission)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        foreach (var claim in user.Claims)
        {
            if ((claim.Type == ClaimTypes.Role && PermissionMatrix.RoleHas(claim.Value, permission)) ||
                (claim.Type == ApiKeyAuthentication.ScopeClaim && PermissionMatrix.ScopeHas(claim.Value, permission)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How the audit log names who did something: the operator's email or <c>apikey:NAME</c>.</summary>
    public static string Actor(this ClaimsPrincipal user) =>
        user.Identity?.AuthenticationType == ApiKeyAuthentication.SchemeName
            ? $"apikey:{user.Identity.Name}"
            : user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? "anonymous";
}

internal sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

internal sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Has(requirement.Permission))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
