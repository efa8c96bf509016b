using System.Security.Claims;
using System.Text.Encodings.Web;
using Kith.Data.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kith.Server.Access;

/// <summary>
/// Authenticates store systems by API key: <c>Authorization: Bearer kith_…</c> or <c>X-Api-Key: kith_…</c>.
/// A verified key is trusted for <see cref="ApiKeyStore.VerifiedFor"/> (5 s) without asking the store again, so a
/// key revoked by another process stops working within that time (through this process, at once). Failures answer
/// with RFC 9457 problem details.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.VerifyAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new("api_key_prefix", key.Prefix) };
        claims.AddRange(key.Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim(ScopeClaim, s)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"kith\"";
        // Only a request that carries a key reaches this handler (no key: the cookie scheme answers, see KithServer).
        await WriteAsync(StatusCodes.Status401Unauthorized, "Unauthorized", "The API key is unknown or has been revoked.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteAsync(StatusCodes.Status403Forbidden, "Forbidden", "The API key does not have the scope this endpoint needs.");
    }

    private async Task WriteAsync(int status, string title, string detail)
    {
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>True if the request carries an API key (then the key, not a cookie, decides who it is).</summary>
    public static bool IsPresented(HttpRequest request) => Presented(request) is not null;

    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        var apiKey = request.Headers["X-Api-Key"].ToString();
        return string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim();
    }
}
