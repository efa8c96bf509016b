using System.Diagnostics;
using Kith.Core;
using Kith.Core.Value;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Server.Hosting;
using Kith.Server.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kith.Server.Value;

/// <summary>
/// Recomputes and stores every customer's value and computed tags on a schedule (<see cref="KithServerSettings.RecomputeEvery"/>),
/// as of "today" in the store's time zone. At start it computes at once when the store has customers but no
/// stored values yet (a fresh demo store, a first import), so that values are there from the first minute.
/// </summary>
internal sealed partial class ValueRecomputeService(KithStore store, KithServerSettings settings, SegmentRefreshService segments, ValueUpdateQueue updates, ILogger<ValueRecomputeService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // SQLite calls complete synchronously: yield first so that a long first run does not hold up the server's start.
        await Task.Yield();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
        try
        {
            await using (var db = store.CreateContext())
            {
                if (await db.Customers.AnyAsync(stoppingToken) && !await db.CustomerValues.AnyAsync(stoppingToken))
                {
                    await RecomputeAsync(zone, stoppingToken);
                }
            }

            using var timer = new PeriodicTimer(settings.RecomputeEvery!.Value, settings.Time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RecomputeAsync(zone, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RecomputeAsync(TimeZoneInfo zone, CancellationToken ct)
    {
        updates.RecomputeStarting();
        try
        {
            var clock = Stopwatch.StartNew();
            var asOf = Timestamps.DayIn(settings.Time.GetUtcNow(), zone);
            var facts = await OrderFactsLoader.LoadAsync(store, zone, null, ct);
            var result = ValueEngine.Compute(facts, asOf, new ValueOptions());
            await CustomerValueWriter.WriteAsync(store, facts, result, null, ct);
            await CustomerTagWriter.ReplaceComputedAsync(store, await PreferenceLoader.ComputeAsync(store, zone, ct, new CategoryLifecycleOptions(asOf, settings.CategoryWindows, settings.CalibrateCategories)), settings.Time, ct);
            var day = asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Recomputed(log, facts.CustomerCount, day, clock.Elapsed.TotalSeconds);
            segments.RequestRefresh(); // segments read values and tags
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed run is retried at the next tick; the stored values stay as they were (one transaction).
            RecomputeFailed(log, e);
        }
        finally
        {
            updates.RecomputeFinished();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recomputed the values of {Customers} customers as of {AsOf} in {Seconds:0.0} s")]
    private static partial void Recomputed(ILogger logger, int customers, string asOf, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recomputing customer values failed; the stored values are unchanged")]
    private static partial void RecomputeFailed(ILogger logger, Exception e);
}
