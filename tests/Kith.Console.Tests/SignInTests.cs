using Kith.Core.Access;
using Kith.Server.Access;
using Xunit;

namespace Kith.Console.Tests;

public sealed class SignInTests(KithConsole kith) : ConsoleTest(kith)
{
    private const string Generic = "Sign-in failed: the email or password is wrong, or the account is locked for a while after repeated failures.";

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_generic_message()
    {
        var op = await Kith.CreateOperatorAsync(Roles.Analyst, "Right-Password1");
        var page = await NewAnonymousPageAsync();
        await page.GotoAsync("account/login");

        await KithConsole.SubmitSignInAsync(page, op.Email, "Wrong-Password1");
        await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync(Generic);
        Assert.Equal("/account/login", PathOf(page));

        await KithConsole.SubmitSignInAsync(page, "nobody@console.test", "Wrong-Password1");
        await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync(Generic);
        await Expect(page.GetByTestId("whoami")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task After_five_failures_even_the_right_password_is_refused()
    {
        var op = await Kith.CreateOperatorAsync(Roles.Marketer, "Right-Password1");
        var page = await NewAnonymousPageAsync();
        await page.GotoAsync("account/login");

        for (var i = 0; i < KithIdentity.MaxFailedSignIns; i++)
        {
            await KithConsole.SubmitSignInAsync(page, op.Email, $"Wrong-Password{i}");
            await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync(Generic);
        }

        await KithConsole.SubmitSignInAsync(page, op.Email, "Right-Password1");

        await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync(Generic);
        Assert.Equal("/account/login", PathOf(page));
        // A locked account cannot reach the console by any page either.
        await page.GotoAsync("");
        Assert.Equal("/account/login", PathOf(page));
    }

    [Fact]
    public async Task Four_failures_do_not_lock_the_account()
    {
        var op = await Kith.CreateOperatorAsync(Roles.Viewer, "Right-Password1");
        var page = await NewAnonymousPageAsync();
        await page.GotoAsync("account/login");

        for (var i = 0; i < KithIdentity.MaxFailedSignIns - 1; i++)
        {
            await KithConsole.SubmitSignInAsync(page, op.Email, $"Wrong-Password{i}");
        }

        await KithConsole.SubmitSignInAsync(page, op.Email, "Right-Password1");

        Assert.Equal("/", PathOf(page));
        await KithConsole.WaitForInteractiveAsync(page);
    }

    [Fact]
    public async Task Signing_out_returns_to_the_sign_in_page_and_the_console_is_closed_again()
    {
        var page = await NewPageAsync(Roles.Agent);

        await page.GetByTestId("sign-out").ClickAsync();

        await page.WaitForURLAsync("**/account/login");
        await Expect(page.GetByTestId("sign-in")).ToBeVisibleAsync();
        await page.GotoAsync("");
        Assert.Equal("/account/login", PathOf(page));
    }

    [Fact]
    public async Task An_operator_with_a_one_time_password_must_choose_a_new_one_and_then_continues()
    {
        var op = await Kith.CreateOperatorAsync(Roles.Analyst);
        var page = await NewAnonymousPageAsync();
        await page.GotoAsync("account/login");

        await KithConsole.SubmitSignInAsync(page, op.Email, op.Password);

        Assert.Equal("/account/password", PathOf(page));
        // Any other page sends them back until they have chosen.
        await page.GotoAsync("");
        Assert.Equal("/account/password", PathOf(page));

        await page.GetByTestId("current-password").FillAsync(op.Password);
        await page.GetByTestId("new-password").FillAsync("Chosen-Password9");
        await page.GetByTestId("confirm-password").FillAsync("Chosen-Password9");
        await page.GetByTestId("save-password").ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await KithConsole.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("whoami")).ToContainTextAsync(op.Email);

        // The new password is the one that works from now on.
        var again = await NewAnonymousPageAsync();
        await KithConsole.SignInAsync(again, op.Email, "Chosen-Password9");
        Assert.Equal("/", PathOf(again));
    }

    [Fact]
    public async Task A_new_password_that_breaks_the_rules_is_refused_with_the_reason()
    {
        var op = await Kith.CreateOperatorAsync(Roles.Viewer);
        var page = await NewAnonymousPageAsync();
        await page.GotoAsync("account/login");
        await KithConsole.SubmitSignInAsync(page, op.Email, op.Password);

        await page.GetByTestId("current-password").FillAsync(op.Password);
        await page.GetByTestId("new-password").FillAsync("short1A");
        await page.GetByTestId("confirm-password").FillAsync("short1A");
        await page.GetByTestId("save-password").ClickAsync();

        await Expect(page.Locator(".kith-account-error").First).ToContainTextAsync("10");
        Assert.Equal("/account/password", PathOf(page));
    }
}
