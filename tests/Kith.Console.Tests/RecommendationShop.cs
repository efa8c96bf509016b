using System.Globalization;
using System.Net.Http.Json;
using Kith.Core.Access;
using Kith.Data.Access;
using Kith.Data.Store;
using Kith.Server.Access;
using Kith.Server.Hosting;
using Kith.Server.Recommendations;
using Kith.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kith.Console.Tests;

/// <summary>
/// A console over a small shop with an obvious co-purchase structure, sent through the real ingest API, for the
/// recommendation pages (the demo store's baskets are random: nothing in them is obviously bought together).
/// Coffee beans go with the burr grinder (10 of 12 coffee buyers) more than with paper filters (8); green tea with the
/// teapot (10 of 10) more than with tea cups (8); garden gloves with pruning shears. Every group also comes back later
/// for its third product, so that the latest 20 % of paid lines (the evaluation's held-out part) has purchases to
/// find. <see cref="BeansOnly"/> has bought coffee beans and nothing else. Models are trained through
/// <c>POST /api/v1/recommendations/refresh</c> before any test runs. Pages open in <see cref="KithConsole"/>'s browser.
/// </summary>
public sealed class RecommendationShop : IAsyncLifetime
{
    public const string BeansOnly = "rc-beans-only";

    public static readonly (string Sku, string Name, string Category)[] Products =
    [
        ("COF-BEANS", "Coffee beans", "Kitchen > Coffee"), ("COF-GRINDER", "Burr grinder", "Kitchen > Coffee"), ("COF-FILTER", "Paper filters", "Kitchen > Coffee"),
        ("TEA-GREEN", "Green tea", "Kitchen > Tea"), ("TEA-POT", "Glass teapot", "Kitchen > Tea"), ("TEA-CUPS", "Tea cups", "Kitchen > Tea"),
        ("GAR-GLOVES", "Garden gloves", "Garden > Tools"), ("GAR-SHEARS", "Pruning shears", "Garden > Tools"), ("GAR-SEEDS", "Flower seeds", "Garden > Plants"),
        ("BK-NOVEL", "A novel", "Books"),
    ];

    private WebApplication? _app;

    public KithStore Store { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    /// <summary>One operator per role, signed in with <see cref="KithConsole.KnownPassword"/>.</summary>
    public IReadOnlyDictionary<string, OperatorAccounts.Created> Operators { get; private set; } = new Dictionary<string, OperatorAccounts.Created>();

    /// <summary>Sends products, customers and orders (ingest scope) and forces trainings (admin scope), as a store's systems would.</summary>
    public HttpClient Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = CancellationToken.None; // the shop outlives the first test's token
        Store = await TestStores.CreateAsync(StoreProvider.Sqlite, ct);
        var operators = new Dictionary<string, OperatorAccounts.Created>(StringComparer.Ordinal);
        foreach (var role in Roles.All)
        {
            operators[role] = await KithConsole.CreateOperatorAsync(Store, role, KithConsole.KnownPassword(role), $"{role}@recs.test");
        }

        Operators = operators;
        // Trained at start (on an empty store) and on demand only: the tests decide when the models see the shop.
        var settings = new KithServerSettings
        {
            Store = Store.Location, Urls = "http://127.0.0.1:0",
            Recommendations = new RecommendationServingSettings { RefreshEvery = Timeout.InfiniteTimeSpan },
        };
        _app = KithServer.Build(settings);
        await _app.StartAsync(ct);
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        var key = await new ApiKeyStore(Store, TimeProvider.System).CreateAsync("recs-shop", [PermissionMatrix.ScopeIngest, PermissionMatrix.ScopeAdmin], ct);
        Api = new HttpClient { BaseAddress = Address };
        Api.DefaultRequestHeaders.Authorization = new("Bearer", key.Secret);

        foreach (var (sku, name, category) in Products)
        {
            await PutAsync($"api/v1/products/{sku}", new { name, categoryPath = category, price = 20m, currency = "CNY", inStock = true }, ct);
        }

        var now = DateTimeOffset.UtcNow;
        var early = now.AddDays(-40);
        var late = now.AddDays(-5);
        for (var i = 1; i <= 12; i++)
        {
            await OrderAsync($"rc-coffee-{i:D2}", "a", early.AddHours(i), i <= 10 ? ["COF-BEANS", "COF-GRINDER"] : ["COF-BEANS", "COF-FILTER"], ct);
            if (i <= 6)
            {
                await OrderAsync($"rc-coffee-{i:D2}", "b", late.AddHours(i), ["COF-FILTER"], ct);
            }
        }

        for (var i = 1; i <= 10; i++)
        {
            await OrderAsync($"rc-tea-{i:D2}", "a", early.AddHours(20 + i), i <= 3 ? ["TEA-GREEN", "TEA-POT", "TEA-CUPS"] : ["TEA-GREEN", "TEA-POT"], ct);
            if (i is >= 4 and <= 8)
            {
                await OrderAsync($"rc-tea-{i:D2}", "b", late.AddHours(20 + i), ["TEA-CUPS"], ct);
            }
        }

        for (var i = 1; i <= 8; i++)
        {
            await OrderAsync($"rc-garden-{i:D2}", "a", early.AddHours(40 + i), ["GAR-GLOVES", "GAR-SHEARS"], ct);
            if (i <= 4)
            {
                await OrderAsync($"rc-garden-{i:D2}", "b", late.AddHours(40 + i), ["GAR-SEEDS"], ct);
            }
        }

        await OrderAsync(BeansOnly, "a", early.AddHours(60), ["COF-BEANS"], ct);
        await RefreshAsync(ct);
    }

    /// <summary>A customer (created if new) and one paid order of these SKUs at <paramref name="paidAt"/>.</summary>
    public async Task OrderAsync(string customer, string suffix, DateTimeOffset paidAt, string[] skus, CancellationToken ct)
    {
        await PutAsync($"api/v1/customers/{customer}", new { name = "Shopper " + customer }, ct);
        var at = paidAt.ToString("O", CultureInfo.InvariantCulture);
        await PutAsync($"api/v1/orders/{customer}-{suffix}", new
        {
            customerId = customer, status = "paid", currency = "CNY", placedAt = at, paidAt = at, total = skus.Length * 20m,
            lines = skus.Select(s => new { sku = s, quantity = 1, unitPrice = 20m }).ToArray(),
        }, ct);
    }

    /// <summary>Retrains the served models now (POST /api/v1/recommendations/refresh).</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        using var response = await Api.PostAsync("api/v1/recommendations/refresh", null, ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private async Task PutAsync(string path, object body, CancellationToken ct)
    {
        using var response = await Api.PutAsJsonAsync(path, body, ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
