using Kith.Core.Access;
using Xunit;

namespace Kith.Console.Tests;

/// <summary>简体中文 and English: from the browser's language by default, switched in the UI and remembered.</summary>
public sealed class LanguageTests(KithConsole kith) : ConsoleTest(kith)
{
    [Fact]
    public async Task A_browser_in_Chinese_gets_the_sign_in_page_in_Chinese()
    {
        var page = await NewAnonymousPageAsync("zh-CN");

        await page.GotoAsync("account/login");

        await Expect(page.GetByTestId("sign-in")).ToHaveTextAsync("登录");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
    }

    [Fact]
    public async Task A_browser_in_English_gets_the_sign_in_page_in_English()
    {
        var page = await NewAnonymousPageAsync("en-US");

        await page.GotoAsync("account/login");

        await Expect(page.GetByTestId("sign-in")).ToHaveTextAsync("Sign in");
    }

    [Fact]
    public async Task The_sign_in_page_switches_language_and_the_console_keeps_it_after_signing_in()
    {
        var op = Kith.Operators[Roles.Viewer];
        var page = await NewAnonymousPageAsync("en");
        await page.GotoAsync("account/login");

        await page.GetByTestId("lang-zh-CN").ClickAsync();

        await Expect(page.GetByTestId("sign-in")).ToHaveTextAsync("登录");
        await KithConsole.SubmitSignInAsync(page, op.Email, op.Password);
        await KithConsole.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("nav-NavCustomers")).ToContainTextAsync("客户");
    }

    [Fact]
    public async Task The_console_switches_between_English_and_Chinese_and_remembers_the_choice()
    {
        var page = await NewPageAsync(Roles.Admin, "en");
        await Expect(page.GetByTestId("nav-NavCustomers")).ToContainTextAsync("Customers");

        await page.GetByTestId("language").ClickAsync();
        await page.GetByTestId("lang-zh-CN").ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await KithConsole.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("nav-NavCustomers")).ToContainTextAsync("客户");
        await Expect(page.GetByTestId("sign-out")).ToContainTextAsync("退出登录");

        // Remembered: a new load of any page (and a new tab of the same browser) is in Chinese, though the browser says English.
        await page.ReloadAsync();
        await KithConsole.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("nav-NavCustomers")).ToContainTextAsync("客户");
        var tab = await page.Context.NewPageAsync();
        await GotoAsync(tab, "");
        await Expect(tab.GetByTestId("nav-NavDashboard")).ToContainTextAsync("概览");

        await page.GetByTestId("language").ClickAsync();
        await page.GetByTestId("lang-en").ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await KithConsole.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("nav-NavCustomers")).ToContainTextAsync("Customers");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("nav-NavCustomers")).ToContainTextAsync("Customers");
    }
}
