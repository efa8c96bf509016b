using Microsoft.AspNetCore.Http;

namespace Kith.Server.Access;

/// <summary>An operator signed in with a one-time password sees only the change-password page until they choose their own.</summary>
internal sealed class PasswordChangeGate(RequestDelegate next)
{
    public const string Page = "/account/password";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (context.User.HasClaim(c => c.Type == KithIdentity.MustChangePasswordClaim) &&
            HttpMethods.IsGet(context.Request.Method) &&
            !path.StartsWithSegments("/account") && !path.StartsWithSegments("/_framework") &&
            !path.StartsWithSegments("/_content") && !path.StartsWithSegments("/_blazor") &&
            !path.StartsWithSegments("/api") && !path.StartsWithSegments("/culture"))
        {
            context.Response.Redirect(Page);
            return Task.CompletedTask;
        }

        return next(context);
    }
}
