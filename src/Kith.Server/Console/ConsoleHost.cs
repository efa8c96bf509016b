using System.Globalization;
using Kith.Server.Access;
using Kith.Server.Console.Layout;
using Kith.Server.Localization;
using Kith.Server.Loyalty;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Kith.Server.Console;

/// <summary>The operators' console: Blazor with server interactivity and MudBlazor, in Simplified Chinese and English.</summary>
public static class ConsoleHost
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("zh-CN")];

    internal static void AddConsole(IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddLocalization();
        services.AddScoped<StoreClock>();
        services.AddLoyaltyConsole();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.FallBackToParentUICultures = true;
            o.FallBackToParentCultures = true;
            // The operator's choice (a cookie) first, then the browser's language.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
    }

    /// <summary>A redirect target from a query string, only if it stays on this site (no open redirects).</summary>
    internal static string LocalOrHome(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";

    internal static void MapConsole(WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapLoyaltyConsole();

        app.MapGet("/culture", (string c, string? back, HttpContext context) =>
        {
            var culture = Cultures.FirstOrDefault(x => string.Equals(x.Name, c, StringComparison.OrdinalIgnoreCase)) ?? Cultures[0];
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(LocalOrHome(back));
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<Kith.Data.Access.KithUser> signIn) =>
        {
            // A form post from the console: another site must not be able to sign an operator out.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).RequireAuthorization().ExcludeFromDescription().DisableAntiforgery();
    }
}
