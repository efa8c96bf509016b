using Kith.Core.Access;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Store;
using Kith.Server.Access;
using Kith.Server.Hosting;
using Kith.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

[assembly: AssemblyFixture(typeof(Kith.Console.Tests.CdnowConsole))]

namespace Kith.Console.Tests;

/// <summary>
/// A second console, over the CDNOW 1/10 sample (the papers' data set) imported as <c>kith import orders --format
/// cdnow-sample</c> does, for the CLV calibration/holdout page. It starts on first use (<see cref="StartAsync"/>), so
/// only the tests that need it pay for the import (a couple of seconds); it has no predictions, so its CLV overview
/// is the empty one. Pages open in <see cref="KithConsole"/>'s browser (<c>ConsoleTest.OpenAsync(cdnow, path)</c>).
/// </summary>
public sealed class CdnowConsole : IAsyncDisposable
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private WebApplication? _app;

    public KithStore Store { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    /// <summary>The console's one operator, an analyst (value.view, personal data masked).</summary>
    public OperatorAccounts.Created Analyst { get; private set; } = null!;

    public async Task StartAsync()
    {
        await _starting.WaitAsync();
        try
        {
            if (_app is not null)
            {
                return;
            }

            var ct = CancellationToken.None; // shared by later tests: not tied to the first one's token
            Store = await TestStores.CreateAsync(StoreProvider.Sqlite, ct);
            var import = await new FileImporter(Store, TimeProvider.System).ImportAsync(
                new ImportOptions(TestFiles.CdnowSample, ImportKind.Orders) { Format = ImportFormat.CdnowSample }, null, null, ct);
            Assert.True(import.Committed, "CDNOW_sample imports");
            Analyst = await KithConsole.CreateOperatorAsync(Store, Roles.Analyst, KithConsole.KnownPassword(Roles.Analyst), "analyst@cdnow.test");
            var started = KithServer.Build(new KithServerSettings { Store = Store.Location, Urls = "http://127.0.0.1:0" });
            await started.StartAsync(ct);
            Address = new Uri(started.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            _app = started;
        }
        finally
        {
            _starting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _starting.Dispose();
    }
}
