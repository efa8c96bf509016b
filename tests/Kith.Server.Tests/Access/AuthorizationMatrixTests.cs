using System.Net;
using System.Text;
using Kith.Core.Access;
using Kith.Data.Access;
using Kith.Data.Store;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kith.Server.Tests.Access;

/// <summary>
/// Every endpoint and page of the running server, for every role and API key scope, against
/// <see cref="PermissionMatrix"/>: allowed, or refused (403 for the API, the access-denied page for pages and console downloads).
/// An endpoint without a permission rule fails the test unless it is listed below as public or sign-in-only.
/// </summary>
public class AuthorizationMatrixTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Open to anyone, on purpose.</summary>
    private static readonly HashSet<string> Public = new(StringComparer.Ordinal)
    {
        "/health", "/openapi/{documentName}.json", "/api/{documentName?}", "/culture", "/account/login", "/account/denied",
    };

    /// <summary>Open to any signed-in operator: their own account, and Blazor's connection (each page behind it checks its own policy).</summary>
    private static readonly HashSet<string> SignedInOnly = new(StringComparer.Ordinal)
    {
        "/account/logout", "/account/password", "/_blazor", "/_blazor/negotiate", "/_blazor/initializers", "/_blazor/disconnect",
    };

    private sealed record Rule(string Method, string Pattern, string Permission, bool IsPage);

    [Fact]
    public async Task Every_endpoint_and_page_answers_each_role_and_scope_as_the_matrix_says()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);
        var rules = Rules(kith);
        Assert.Contains(rules, r => r.IsPage);
        Assert.Contains(rules, r => r.Pattern.StartsWith("/api/v1/", StringComparison.Ordinal));

        var failures = new List<string>();
        foreach (var role in Roles.All)
        {
            using var client = await kith.SignInAsync(role, Ct);
            foreach (var rule in rules)
            {
                var allowed = PermissionMatrix.RoleHas(role, rule.Permission);
                Check(failures, $"role {role}", rule, allowed, await SendAsync(client, rule));
            }
        }

        foreach (var scope in PermissionMatrix.Scopes)
        {
            var key = await new ApiKeyStore(kith.Store, TimeProvider.System).CreateAsync($"matrix-{scope}", [scope], Ct);
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = kith.Address };
            client.DefaultRequestHeaders.Authorization = new("Bearer", key.Secret);
            foreach (var rule in rules.Where(r => !r.IsPage))
            {
                Check(failures, $"scope {scope}", rule, PermissionMatrix.ScopeHas(scope, rule.Permission), await SendAsync(client, rule));
            }
        }

        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = kith.Address };
        foreach (var rule in rules)
        {
            var response = await SendAsync(anonymous, rule);
            var ok = rule.IsPage
                ? response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/account/login", StringComparison.Ordinal)
                : response.StatusCode == HttpStatusCode.Unauthorized;
            if (!ok)
            {
                failures.Add($"anonymous {rule.Method} {rule.Pattern}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Signed_in_only_endpoints_refuse_anonymous_callers()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = kith.Address };

        var password = await anonymous.GetAsync("/account/password", Ct);
        var logout = await anonymous.PostAsync("/account/logout", new StringContent(""), Ct);

        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Contains("/account/login", password.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, logout.StatusCode);
    }

    /// <summary>The rules the server itself declares; an endpoint with none (and not listed as public) is a failure.</summary>
    private static List<Rule> Rules(RunningKith kith)
    {
        var rules = new List<Rule>();
        var unruled = new List<string>();
        foreach (var endpoint in kith.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var isStaticAsset = endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor") ||
                pattern.StartsWith("/_framework/", StringComparison.Ordinal) || pattern.StartsWith("/_content/", StringComparison.Ordinal) ||
                pattern == "/{**path:file}"; // static web assets served from the build output (files only)
            if (isStaticAsset || Public.Contains(pattern) || SignedInOnly.Contains(pattern.TrimEnd('/')) || IsApiReferenceAsset(pattern))
            {
                continue;
            }

            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();
            var permission = policies.SingleOrDefault(p => Permissions.All.Contains(p));
            if (permission is null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                unruled.Add($"{pattern} ({endpoint.DisplayName})");
                continue;
            }

            // Console downloads (e.g. a CSV of coupon codes) sit behind the operator cookie like pages do,
            // so a browser following the link is sent to sign-in or access-denied rather than shown a bare 403.
            var isPage = endpoint.Metadata.Any(m => m.GetType().Name == "ComponentTypeMetadata") ||
                !pattern.StartsWith("/api/", StringComparison.Ordinal);
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            rules.AddRange(methods.Select(m => new Rule(m, pattern, permission, isPage)));
        }

        Assert.True(unruled.Count == 0, "Endpoints without a permission rule (add RequireAuthorization(Permissions.X) or [Authorize(Policy = ...)]):\n" + string.Join('\n', unruled));
        return rules;
    }

    /// <summary>The API reference page's own scripts and icon (Scalar), public like the page.</summary>
    private static bool IsApiReferenceAsset(string pattern) =>
        pattern.StartsWith("/api/", StringComparison.Ordinal) && !pattern.StartsWith("/api/v", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Rule rule)
    {
        // Route values that name nothing: an allowed caller gets 404/400, never 401/403.
        // A numeric route value gets 0 (no such id) so that the route's constraint matches.
        var numeric = System.Text.RegularExpressions.Regex.Replace(rule.Pattern, "\\{[^}:]+:(long|int)\\}", "0");
        var path = System.Text.RegularExpressions.Regex.Replace(numeric, "\\{[^}]+\\}", "matrix-none");
        using var request = new HttpRequestMessage(new HttpMethod(rule.Method), path);
        if (rule.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request, Ct);
    }

    private static void Check(List<string> failures, string who, Rule rule, bool allowed, HttpResponseMessage response)
    {
        var location = response.Headers.Location?.ToString() ?? "";
        var refused = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized ||
            (response.StatusCode == HttpStatusCode.Redirect && (location.Contains("/account/denied", StringComparison.Ordinal) || location.Contains("/account/login", StringComparison.Ordinal)));
        var refusedRightly = rule.IsPage
            ? response.StatusCode == HttpStatusCode.Redirect && location.Contains("/account/denied", StringComparison.Ordinal)
            : response.StatusCode == HttpStatusCode.Forbidden;
        if (allowed && refused)
        {
            failures.Add($"{who} may {rule.Permission} but {rule.Method} {rule.Pattern} answered {(int)response.StatusCode} {location}");
        }
        else if (!allowed && !refusedRightly)
        {
            failures.Add($"{who} may not {rule.Permission} but {rule.Method} {rule.Pattern} answered {(int)response.StatusCode} {location}");
        }
    }
}
