using System.Globalization;
using Kith.Data.Segments;
using Kith.Data.Store;
using Kith.Server.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kith.Server.Segments;

/// <summary>
/// Keeps segment membership current: at start, when asked (after a recompute), and every
/// <see cref="KithServerSettings.SegmentRefreshEvery"/> if the data changed (a cheap fingerprint of the tables
/// segments read) or the day turned, it reloads the profiles and materialises every dynamic segment.
/// </summary>
public sealed partial class SegmentRefreshService(KithStore store, KithServerSettings settings, SegmentProfileCache cache, ILogger<SegmentRefreshService> log)
    : BackgroundService
{
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Asks for a refresh now (e.g. after values were recomputed); requests made during a refresh merge into the next one.</summary>
    public void RequestRefresh() => _wake.TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        string? seen = null;
        var forced = false;
        var day = DateOnly.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var stamp = await FingerprintAsync(stoppingToken);
                if (forced || stamp != seen || day != cache.Today)
                {
                    await RefreshAsync(stoppingToken);
                    seen = stamp;
                    day = cache.Today;
                }

                var wake = _wake.Task;
                await Task.WhenAny(wake, Task.Delay(settings.SegmentRefreshEvery, settings.Time, stoppingToken));
                stoppingToken.ThrowIfCancellationRequested();
                forced = wake.IsCompleted;
                if (forced)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            var profiles = await cache.RefreshAsync(ct);
            var results = await SegmentMaterializer.MaterializeAllAsync(store, profiles, settings.Time.GetUtcNow(), null, ct);
            int entered = results.Sum(r => r.Entered), left = results.Sum(r => r.Left), broken = results.Count(r => r.Problem is not null);
            Refreshed(log, profiles.Count, cache.LastLoad.TotalSeconds, results.Count, entered, left, broken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RefreshFailed(log, e);
        }
    }

    /// <summary>Changes whenever customers, orders, events, tags or values change (counts and latest stamps).</summary>
    private async Task<string> FingerprintAsync(CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText =
            "SELECT (SELECT COUNT(*) FROM customers), (SELECT MAX(updated_at) FROM customers), (SELECT COUNT(*) FROM orders), " +
            "(SELECT MAX(version) FROM orders), (SELECT MAX(id) FROM events), (SELECT COUNT(*) FROM customer_tags), " +
            "(SELECT MAX(created_at) FROM customer_tags), (SELECT COUNT(*) FROM customer_values), (SELECT MAX(as_of) FROM customer_values), " +
            "(SELECT COUNT(*) FROM segments)";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Segment profiles of {Customers} customers loaded in {Seconds:0.0} s; {Segments} segments materialised ({Entered} entered, {Left} left, {Broken} broken)")]
    private static partial void Refreshed(ILogger logger, int customers, double seconds, int segments, int entered, int left, int broken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing segments failed; membership stays as it was")]
    private static partial void RefreshFailed(ILogger logger, Exception e);
}
