using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kith.Data.Access;
using Kith.Data.Store;
using Xunit;

namespace Kith.Server.Tests.Access;

public class ApiKeyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Customer() => new("""{"name":"x"}""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_request_without_a_key_is_401_with_problem_details()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);

        var response = await kith.Anonymous().PutAsync("/api/v1/customers/c1", Customer(), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_401()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);
        using var client = kith.Anonymous();
        var forged = kith.Key[..^4] + "zzzz";
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        var response = await client.PutAsync("/api/v1/customers/c1", Customer(), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_x_api_key_header_works_too()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);
        using var client = kith.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", kith.Key);

        var response = await client.PutAsync("/api/v1/customers/c1", Customer(), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);
        var before = await kith.Client.PutAsync("/api/v1/customers/c1", Customer(), Ct);

        var revoked = await new ApiKeyStore(kith.Store, TimeProvider.System).RevokeAsync("tests", Ct);
        var after = await kith.Client.PutAsync("/api/v1/customers/c1", Customer(), Ct);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(1, revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_ingest_scope_is_403_on_writes_but_reads()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, scopes: "read", ct: Ct);

        var write = await kith.Client.PutAsync("/api/v1/customers/c1", Customer(), Ct);
        var read = await kith.Client.GetAsync("/api/v1/customers/c1", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Only_the_hash_of_a_key_is_stored()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);

        var stored = Assert.Single(await new ApiKeyStore(kith.Store, TimeProvider.System).ListAsync(Ct));

        Assert.DoesNotContain(kith.Key, stored.KeyHash, StringComparison.Ordinal);
        Assert.Equal(64, stored.KeyHash.Length);
        Assert.StartsWith($"kith_{stored.Prefix}_", kith.Key, StringComparison.Ordinal);
    }
}
