using Kith.Core.Access;
using Kith.Core.Clv;
using Kith.Core.Customers.Demo;
using Kith.Data.Churn;
using Kith.Data.Clv;
using Kith.Data.Customers;
using Kith.Core.Value;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Server.Access;
using Kith.Server.Hosting;
using Kith.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

[assembly: AssemblyFixture(typeof(Kith.Console.Tests.KithConsole))]

namespace Kith.Console.Tests;

/// <summary>
/// One Kith console for the whole test assembly: a SQLite store with a small demo store, one operator per role
/// (known passwords, see <see cref="Operators"/>), the server in-process on 127.0.0.1 (free port) and a headless
/// Debian Chromium driven by Playwright. Tests get a fresh browser context each (see <see cref="ConsoleTest"/>).
/// Without Chromium the tests are skipped locally and fail under CI (scripts/browser.sh installs it).
/// </summary>
public sealed class KithConsole : IAsyncLifetime
{
    /// <summary>Customers in the demo store: enough for lists to page, small enough to build in a second.</summary>
    public const int DemoCustomers = 300;

    public const int DemoSeed = 7;

    /// <summary>
    /// The churn model's training cut-off: its test cut-off (90 days later) needs another 90 days of orders before
    /// the demo store's last day (2026-10-31).
    /// </summary>
    public static readonly DateOnly ChurnTrainCutoff = new(2026, 5, 1);

    public const int ChurnHorizonDays = 90;

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic",
    ];

    private WebApplication? app;
    private IPlaywright? playwright;
    private IBrowser? browser;
    private KithStore? store;

    /// <summary>Why the browser tests cannot run here (no Chromium, outside CI); null when they can.</summary>
    public string? SkipReason { get; private set; }

    public Uri Address { get; private set; } = null!;

    public KithStore Store => store ?? throw new InvalidOperationException("the console is not started");

    public IBrowser Browser => browser ?? throw new InvalidOperationException("the browser is not started");

    /// <summary>The demo store's totals (customers, orders, GMV...), for pages that show figures.</summary>
    public DemoStoreWriter.Totals Demo { get; private set; } = null!;

    /// <summary>One operator per role (<see cref="Roles.All"/>), by role, with a password that need not be changed.</summary>
    public IReadOnlyDictionary<string, OperatorAccounts.Created> Operators { get; private set; } = new Dictionary<string, OperatorAccounts.Created>();

    /// <summary>Where <see cref="ScreenshotAsync"/> saves pictures (scripts/screenshots.sh sets it); null: nowhere.</summary>
    public static string? ScreenshotDirectory => Environment.GetEnvironmentVariable("KITH_SCREENSHOTS") is { Length: > 0 } dir ? dir : null;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("KITH_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            var message = $"Chromium not found at {ChromiumPath}: run scripts/browser.sh (or scripts/test.sh), or set KITH_CHROMIUM";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException(message);
            }

            SkipReason = message;
            return;
        }

        var ct = TestContext.Current.CancellationToken;
        store = await TestStores.CreateAsync(StoreProvider.Sqlite, ct);
        var demo = new DemoStore(DemoCustomers, DemoSeed, DemoStore.DefaultAsOf);
        Demo = await DemoStoreWriter.ToStoreAsync(demo, store, TimeProvider.System, events: true, progress: null, ct);
        // Customer values and tags as the server's scheduled recompute would store them, so the value page and the 360 show them.
        var facts = await OrderFactsLoader.LoadAsync(store, TimeZoneInfo.Utc, null, ct);
        await CustomerValueWriter.WriteAsync(store, facts, ValueEngine.Compute(facts, DemoStore.DefaultAsOf, new ValueOptions()), null, ct);
        await CustomerTagWriter.ReplaceComputedAsync(store, await PreferenceLoader.ComputeAsync(store, TimeZoneInfo.Utc, ct), TimeProvider.System, ct);
        // CLV and churn risk as `kith clv score` (its defaults: BG/NBD, 52 weeks, revenue, no discount) and
        // `kith churn train` / `kith churn score` store them, for the CLV pages and the 360's prediction card.
        await CustomerPredictionScorer.ScoreAndStoreAsync(store, TimeZoneInfo.Utc, RepeatPurchaseModels.BgNbd, DemoStore.DefaultAsOf, ClvTimeUnit.Week,
            new ClvOptions { HorizonDays = 7 * 52, Margin = 1, AnnualDiscountRate = 0 }, ct);
        await ChurnTrainer.TrainAsync(store, TimeZoneInfo.Utc, ChurnTrainCutoff, null, ChurnHorizonDays, TimeProvider.System, ct);
        await ChurnTrainer.ScoreAsync(store, TimeZoneInfo.Utc, DemoStore.DefaultAsOf, ct);

        // Tiers, points, offers and their redemptions, a mall: the loyalty pages have data whatever test runs first.
        await LoyaltyDemo.SeedAsync(store, ConsolePages.ScreenCustomer, ct);

        var operators = new Dictionary<string, OperatorAccounts.Created>(StringComparer.Ordinal);
        foreach (var role in Roles.All)
        {
            operators[role] = await CreateOperatorAsync(role, KnownPassword(role), $"{role}@console.test");
        }

        Operators = operators;

        app = KithServer.Build(new KithServerSettings { Store = store.Location, Urls = "http://127.0.0.1:0" });
        await app.StartAsync(ct);
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        // Playwright's driver ships in the package; the browser is Debian's (Playwright never downloads one here).
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        // A loaded CI machine is slower than a laptop; auto-waiting assertions get the same patience as actions.
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary>A known password for a role's operator: meets the rules (10+ characters, upper, lower, digit).</summary>
    public static string KnownPassword(string role) => $"Console-{role}-Pass1";

    /// <summary>
    /// A new operator of <paramref name="role"/> (a unique email unless given). Without <paramref name="password"/>
    /// the operator gets a one-time password and must choose their own at first sign-in.
    /// </summary>
    public Task<OperatorAccounts.Created> CreateOperatorAsync(string role, string? password = null, string? email = null) =>
        CreateOperatorAsync(Store, role, password, email);

    /// <summary>A new operator in <paramref name="store"/> (for a second console over another store).</summary>
    public static async Task<OperatorAccounts.Created> CreateOperatorAsync(KithStore store, string role, string? password = null, string? email = null)
    {
        await using var services = OperatorAccounts.Standalone(store, TimeProvider.System);
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<OperatorAccounts>();
        return await accounts.CreateAsync(email ?? $"{role}-{Guid.NewGuid():N}@console.test", role, "tests", password, CancellationToken.None);
    }

    /// <summary>
    /// A fresh browser context (no cookies) whose browser language is <paramref name="culture"/>, on this console or,
    /// given <paramref name="address"/>, on another one (e.g. <see cref="CdnowConsole"/>).
    /// </summary>
    public async Task<IPage> NewAnonymousPageAsync(string culture = "en", Uri? address = null)
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (address ?? Address).ToString(),
            Locale = culture,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Fills and submits the sign-in form (the page is on /account/login) and waits for the next page to load.</summary>
    public static async Task SubmitSignInAsync(IPage page, string email, string password)
    {
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(password);
        // The form posts as a full navigation; waiting for the URL would not notice a failed attempt (same URL),
        // so wait for the document itself to be replaced.
        await page.EvaluateAsync("() => { window.__kithBefore = true; }");
        await page.GetByTestId("sign-in").ClickAsync();
        await page.WaitForFunctionAsync("() => window.__kithBefore === undefined && document.readyState !== 'loading'");
    }

    /// <summary>Signs in through the real form and waits until the console (or the change-password page) is ready.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("account/login");
        await SubmitSignInAsync(page, email, password);
        if (await page.GetByTestId("sign-in-error").CountAsync() > 0)
        {
            throw new InvalidOperationException($"sign-in as {email} failed");
        }

        if (!page.Url.Contains("/account/", StringComparison.Ordinal))
        {
            await WaitForInteractiveAsync(page);
        }
    }

    /// <summary>
    /// Waits until the page's Blazor circuit is up: the layout renders a marker only when interactive, so menus,
    /// buttons and inputs respond from then on (the prerendered HTML looks the same but does nothing).
    /// </summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.GetByTestId("interactive").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Saves a full-page PNG as <c>{name}.{culture}.png</c> (the culture the page is shown in) into
    /// <see cref="ScreenshotDirectory"/>; does nothing when it is not set, so test runs never write into the repo.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (ScreenshotDirectory is not { } dir)
        {
            return;
        }

        var culture = await page.Locator("html").GetAttributeAsync("lang") ?? "en";
        Directory.CreateDirectory(dir);
        // Fonts (the CJK one is large) must be in before the picture is taken.
        await page.EvaluateAsync("() => document.fonts.ready");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"{name}.{culture}.png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
