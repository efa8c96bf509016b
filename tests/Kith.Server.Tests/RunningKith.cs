using System.Net;
using System.Net.Http.Headers;
using Kith.Server.Access;
using Kith.Data.Access;
using Kith.Data.Store;
using Kith.Server.Hosting;
using Kith.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Kith.Server.Tests;

/// <summary>A real Kith server on 127.0.0.1 (free port) over a fresh store, with an HTTP client holding an API key.</summary>
public sealed class RunningKith : IAsyncDisposable
{
    private RunningKith(WebApplication app, KithStore store, Uri address, HttpClient client, string key)
    {
        App = app;
        Store = store;
        Address = address;
        Client = client;
        Key = key;
    }

    public WebApplication App { get; }
    public KithStore Store { get; }
    public Uri Address { get; }
    public HttpClient Client { get; }
    public string Key { get; }

    public static async Task<RunningKith> StartAsync(
        StoreProvider provider, string scopes = "ingest,read", TimeSpan? recomputeEvery = null,
        Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging = null, TimeProvider? time = null, CancellationToken ct = default)
    {
        var store = await TestStores.CreateAsync(provider, ct);
        return await StartOnAsync(store, scopes, recomputeEvery, logging, time, ct);
    }

    /// <summary>A server over an existing store, e.g. the store of one stopped before, as after a restart.</summary>
    public static async Task<RunningKith> StartOnAsync(
        KithStore store, string scopes = "ingest,read", TimeSpan? recomputeEvery = null,
        Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging = null, TimeProvider? time = null, CancellationToken ct = default)
    {
        var app = KithServer.Build(new KithServerSettings { Store = store.Location, Urls = "http://127.0.0.1:0", RecomputeEvery = recomputeEvery, Logging = logging, Time = time ?? TimeProvider.System });
        await app.StartAsync(ct);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var created = await new ApiKeyStore(store, TimeProvider.System).CreateAsync("tests", scopes.Split(','), ct);
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        return new RunningKith(app, store, address, client, created.Secret);
    }

    public HttpClient Anonymous() => new() { BaseAddress = Address };

    /// <summary>Creates an operator with the role (password known to the test) and signs in through the real form.</summary>
    public async Task<HttpClient> SignInAsync(string role, CancellationToken ct)
    {
        var email = $"{role}@tests.kith";
        const string password = "Tests-pass-2026";
        await using (var services = OperatorAccounts.Standalone(Store, TimeProvider.System))
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().CreateAsync(email, role, "tests", password, ct);
        }

        var client = SignInForm.Client(Address);
        var response = await SignInForm.PostAsync(client, email, password, ct);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in as {role} answered {(int)response.StatusCode}");
        }

        return client;
    }


    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
