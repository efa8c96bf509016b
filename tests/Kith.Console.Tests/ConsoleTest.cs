using Kith.Core.Access;
using Microsoft.Playwright;
using Xunit;

namespace Kith.Console.Tests;

/// <summary>
/// Base of a console test: pages in fresh browser contexts (closed after the test; a failed test leaves a
/// screenshot of each page in .artifacts/console-failures/). A test for a new page is a few lines:
/// <code>
/// public sealed class CustomerListTests(KithConsole kith) : ConsoleTest(kith)
/// {
///     [Fact]
///     public async Task Viewer_sees_masked_phones()
///     {
///         var page = await OpenAsync(Roles.Viewer, "customers");
///         await Expect(page.GetByTestId("customer-row").First).ToContainTextAsync("****");
///     }
/// }
/// </code>
/// </summary>
public abstract class ConsoleTest(KithConsole kith) : IAsyncLifetime
{
    private readonly List<IBrowserContext> contexts = [];

    protected KithConsole Kith { get; } = kith;

    /// <summary>A fresh browser (no cookies) in <paramref name="culture"/>, signed in as the fixture's operator of <paramref name="role"/>, on the dashboard.</summary>
    protected async Task<IPage> NewPageAsync(string role, string culture = "en")
    {
        var op = Kith.Operators[role];
        return await NewPageAsync(op.Email, op.Password, culture);
    }

    /// <summary>A fresh browser in <paramref name="culture"/>, signed in through the form with these credentials.</summary>
    protected async Task<IPage> NewPageAsync(string email, string password, string culture = "en")
    {
        var page = await NewAnonymousPageAsync(culture);
        await KithConsole.SignInAsync(page, email, password);
        return page;
    }

    /// <summary>A fresh browser in <paramref name="culture"/>, not signed in, on a blank page (of another console when <paramref name="address"/> is given).</summary>
    protected async Task<IPage> NewAnonymousPageAsync(string culture = "en", Uri? address = null)
    {
        var page = await Kith.NewAnonymousPageAsync(culture, address);
        contexts.Add(page.Context);
        return page;
    }

    /// <summary>Signs in to the CDNOW console as its analyst and opens <paramref name="path"/>, ready to click.</summary>
    protected async Task<IPage> OpenAsync(CdnowConsole cdnow, string path, string culture = "en")
    {
        ArgumentNullException.ThrowIfNull(cdnow);
        if (Kith.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        await cdnow.StartAsync();
        var page = await NewAnonymousPageAsync(culture, cdnow.Address);
        await KithConsole.SignInAsync(page, cdnow.Analyst.Email, cdnow.Analyst.Password);
        await GotoAsync(page, path);
        return page;
    }

    /// <summary>Signs in as <paramref name="role"/> and opens <paramref name="path"/> (relative, e.g. "customers"), ready to click.</summary>
    protected async Task<IPage> OpenAsync(string role, string path, string culture = "en")
    {
        var page = await NewPageAsync(role, culture);
        await GotoAsync(page, path);
        return page;
    }

    /// <summary>Loads an interactive console page and waits for its circuit (use page.GotoAsync for the static /account pages).</summary>
    protected static async Task GotoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await KithConsole.WaitForInteractiveAsync(page);
    }

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    protected static Task ScreenshotAsync(IPage page, string name) => KithConsole.ScreenshotAsync(page, name);

    /// <summary>The path part of the page's URL, e.g. "/account/denied".</summary>
    protected static string PathOf(IPage page) => new Uri(page.Url).AbsolutePath;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            await SaveFailureScreenshotsAsync();
        }

        foreach (var context in contexts)
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // Already gone with the browser (the test failed on that); nothing left to close.
            }
        }

        GC.SuppressFinalize(this);
    }

    private async Task SaveFailureScreenshotsAsync()
    {
        var dir = Path.Combine(RepositoryRoot() ?? Path.GetTempPath(), ".artifacts", "console-failures");
        Directory.CreateDirectory(dir);
        var test = string.Concat((TestContext.Current.Test?.TestDisplayName ?? "test").Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        var n = 0;
        foreach (var page in contexts.SelectMany(c => c.Pages))
        {
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"{test[..Math.Min(test.Length, 150)]}.{n++}.png"), FullPage = true });
            }
            catch (PlaywrightException)
            {
                // A page that is gone cannot be pictured; the failure itself is what matters.
            }
        }
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kith.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>Every role, for theories.</summary>
    public static TheoryData<string> AllRoles => [.. Roles.All];
}
