using System.Net;
using System.Text.RegularExpressions;

namespace Kith.Tests.Shared;

/// <summary>The console's sign-in form, posted as a browser would: the anti-forgery token from the page, then the fields.</summary>
public static partial class SignInForm
{
    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public static HttpClient Client(Uri address) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = address };

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password, CancellationToken ct)
    {
        var page = await client.GetStringAsync("/account/login", ct);
        var token = Token().Match(page).Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }), ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
