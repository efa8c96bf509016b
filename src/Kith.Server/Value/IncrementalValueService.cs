using System.Diagnostics;
using Kith.Core;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Server.Hosting;
using Kith.Server.Segments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kith.Server.Value;

/// <summary>
/// Keeps customer values live between recomputes: as orders arrive through the API, their customers are
/// re-scored against the last recompute's cut points (<see cref="CustomerValueUpdater"/>), in batches of
/// whatever has queued up, and segments are told to refresh.
/// </summary>
internal sealed partial class IncrementalValueService(KithStore store, KithServerSettings settings, ValueUpdateQueue queue, SegmentRefreshService segments, ILogger<IncrementalValueService> log) : BackgroundService
{
    private const int MaxBatch = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
        var batch = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var id))
                {
                    batch.Add(id);
                }

                try
                {
                    var clock = Stopwatch.StartNew();
                    var asOf = Timestamps.DayIn(settings.Time.GetUtcNow(), zone);
                    var written = await CustomerValueUpdater.UpdateAsync(store, batch, asOf, zone, stoppingToken);
                    if (written > 0)
                    {
                        Updated(log, written, clock.Elapsed.TotalMilliseconds);
                        segments.RequestRefresh();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next recompute brings these customers up to date anyway.
                    UpdateFailed(log, batch.Count, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Updated the values of {Customers} customers after new orders in {Ms:0.0} ms")]
    private static partial void Updated(ILogger logger, int customers, double ms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating the values of {Customers} customers after new orders failed; the next recompute will")]
    private static partial void UpdateFailed(ILogger logger, int customers, Exception e);
}
