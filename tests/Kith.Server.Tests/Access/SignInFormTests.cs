using System.Net;
using Kith.Core.Access;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Xunit;

namespace Kith.Server.Tests.Access;

/// <summary>The console's forms refuse posts without the anti-forgery token (another site cannot post them for an operator).</summary>
public class SignInFormTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_in_and_sign_out_posts_without_the_anti_forgery_token_are_refused()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);
        using var admin = await kith.SignInAsync(Roles.Admin, Ct);

        var forgedSignIn = await kith.Anonymous().PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = $"{Roles.Admin}@tests.kith",
            ["Input.Password"] = "Tests-pass-2026",
        }), Ct);
        var forgedSignOut = await admin.PostAsync("/account/logout", new FormUrlEncodedContent([]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, forgedSignIn.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forgedSignOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/", Ct)).StatusCode); // still signed in
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);
        (await kith.SignInAsync(Roles.Viewer, Ct)).Dispose();

        using var a = SignInForm.Client(kith.Address);
        using var b = SignInForm.Client(kith.Address);
        var wrongPassword = await SignInForm.PostAsync(a, $"{Roles.Viewer}@tests.kith", "Wrong-pass-2026", Ct);
        var unknownEmail = await SignInForm.PostAsync(b, "nobody@tests.kith", "Wrong-pass-2026", Ct);

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownEmail.StatusCode);
        var errorA = System.Text.RegularExpressions.Regex.Match(await wrongPassword.Content.ReadAsStringAsync(Ct), "data-testid=\"sign-in-error\">([^<]+)<").Groups[1].Value;
        var errorB = System.Text.RegularExpressions.Regex.Match(await unknownEmail.Content.ReadAsStringAsync(Ct), "data-testid=\"sign-in-error\">([^<]+)<").Groups[1].Value;
        Assert.NotEmpty(errorA);
        Assert.Equal(errorA, errorB);
    }
}
