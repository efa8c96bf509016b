using System.Net;
using System.Text.Json.Nodes;
using Kith.Data.Store;
using Xunit;

namespace Kith.Server.Tests.Hosting;

public class ServerPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Kith.Tests.Shared.TestStores.Providers), MemberType = typeof(Kith.Tests.Shared.TestStores))]
    public async Task Health_reports_the_store_reachable(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, ct: Ct);

        var health = JsonNode.Parse(await kith.Anonymous().GetStringAsync("/health", Ct))!;

        Assert.Equal("healthy", (string)health["status"]!);
        Assert.Equal(provider.ToString().ToLowerInvariant(), (string)health["store"]!);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_ingestion_paths_and_the_key_scheme()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);

        var doc = JsonNode.Parse(await kith.Anonymous().GetStringAsync("/openapi/v1.json", Ct))!;

        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/orders/{externalId}", paths);
        Assert.Contains("/api/v1/events/batch", paths);
        Assert.Equal("bearer", (string)doc["components"]!["securitySchemes"]!["apiKey"]!["scheme"]!);
    }

    [Fact]
    public async Task The_API_reference_page_is_served()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);

        var response = await kith.Anonymous().GetAsync("/api", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Kith API", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
