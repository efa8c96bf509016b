using Microsoft.Playwright;
using Xunit;

namespace Kith.Console.Tests;

/// <summary>
/// Opens the main pages in both languages; with KITH_SCREENSHOTS set (scripts/screenshots.sh) it also saves them
/// as docs/screenshots/{name}.{culture}.png. Pages to picture are listed in <see cref="ConsolePages.Screens"/>.
/// </summary>
public sealed class ScreenshotTests(KithConsole kith, CdnowConsole cdnow) : ConsoleTest(kith)
{
    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task The_main_pages_render_in_each_language(string culture)
    {
        var signIn = await NewAnonymousPageAsync(culture);
        await signIn.GotoAsync("account/login");
        await Expect(signIn.Locator("html")).ToHaveAttributeAsync("lang", culture);
        await Expect(signIn.GetByTestId("sign-in")).ToBeVisibleAsync();
        await ScreenshotAsync(signIn, "sign-in");

        foreach (var screen in ConsolePages.Screens)
        {
            IPage page;
            if (screen.Cdnow)
            {
                page = await OpenAsync(cdnow, screen.Path, culture);
            }
            else
            {
                page = await NewPageAsync(screen.Role, culture);
                await GotoAsync(page, screen.Path);
            }

            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            await Expect(page.Locator(screen.Ready).First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("access-denied")).ToHaveCountAsync(0);
            await ScreenshotAsync(page, screen.Name);
        }
    }
}
