using Kith.Core.Access;
using Kith.Server.Console.Layout;
using Xunit;

namespace Kith.Console.Tests;

/// <summary>What each role sees and may open, checked against the permission matrix (never a hand-written list).</summary>
public sealed class AccessTests(KithConsole kith) : ConsoleTest(kith)
{
    public static TheoryData<string, string> RolesAndCultures()
    {
        var data = new TheoryData<string, string>();
        foreach (var role in Roles.All)
        {
            data.Add(role, "en");
            data.Add(role, "zh-CN");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RolesAndCultures))]
    public async Task The_nav_shows_exactly_the_sections_the_role_holds_in_either_language(string role, string culture)
    {
        var expected = ConsoleSections.All.Where(s => PermissionMatrix.RoleHas(role, s.Permission)).Select(s => "nav-" + s.TextKey).ToList();

        var page = await NewPageAsync(role, culture);

        // Every role may open the dashboard; its first nav link is in the chosen language.
        await Expect(page.GetByTestId("nav-NavDashboard")).ToHaveTextAsync(culture == "en" ? "Dashboard" : "概览");

        await Expect(page.GetByTestId("whoami")).ToContainTextAsync($"{role}@console.test");
        var nav = page.GetByTestId("nav").Locator("a[data-testid^='nav-']");
        await Expect(nav).ToHaveCountAsync(expected.Count);
        var shown = await nav.EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('data-testid'))");
        Assert.Equal(expected, shown);
    }

    public static TheoryData<string, string, string> RolesAndPages()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var page in ConsolePages.All)
        {
            foreach (var role in Roles.All)
            {
                data.Add(role, page.Route, page.Permission);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RolesAndPages))]
    public async Task Every_page_opens_for_the_roles_that_hold_its_permission_and_is_denied_to_the_others(string role, string route, string permission)
    {
        var page = await NewPageAsync(role);

        await page.GotoAsync(ConsolePages.Sample(route));

        if (PermissionMatrix.RoleHas(role, permission))
        {
            await KithConsole.WaitForInteractiveAsync(page);
            await Expect(page.GetByTestId("access-denied")).ToHaveCountAsync(0);
            Assert.NotEqual("/account/denied", PathOf(page));
            Assert.NotEqual("/account/login", PathOf(page));
        }
        else
        {
            await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task A_viewer_opening_the_audit_log_is_denied()
    {
        Assert.SkipUnless(ConsolePages.Exists("/settings/audit"), "no page at /settings/audit yet");
        var page = await NewPageAsync(Roles.Viewer);

        await page.GotoAsync("settings/audit");

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("access-denied")).ToContainTextAsync("Your role does not allow this page.");
    }

    [Fact]
    public async Task A_page_opened_without_signing_in_goes_to_the_sign_in_page_and_back_after_it()
    {
        var op = Kith.Operators[Roles.Analyst];
        var page = await NewAnonymousPageAsync();

        await page.GotoAsync("");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login\\?ReturnUrl="));
        await KithConsole.SubmitSignInAsync(page, op.Email, op.Password);
        Assert.Equal("/", PathOf(page));
        await KithConsole.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("whoami")).ToContainTextAsync(op.Email);
    }
}
