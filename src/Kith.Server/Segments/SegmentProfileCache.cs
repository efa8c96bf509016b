using System.Diagnostics;
using Kith.Core;
using Kith.Core.Segments;
using Kith.Data.Segments;
using Kith.Data.Store;
using Kith.Server.Hosting;

namespace Kith.Server.Segments;

/// <summary>
/// The customers as columns in memory (<see cref="SegmentProfiles"/>) for live counts, previews and explains.
/// Loaded on first use, reloaded by <see cref="SegmentRefreshService"/> when data changes and when the day
/// turns; readers keep using the previous snapshot while a new one loads.
/// </summary>
public sealed class SegmentProfileCache(KithStore store, KithServerSettings settings) : IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
    private volatile SegmentProfiles? _current;

    public TimeZoneInfo Zone => _zone;

    public DateOnly Today => Timestamps.DayIn(settings.Time.GetUtcNow(), _zone);

    /// <summary>How long the last load took.</summary>
    public TimeSpan LastLoad { get; private set; }

    /// <summary>The current snapshot, loading it first if there is none or it is from an earlier day.</summary>
    public async Task<SegmentProfiles> GetAsync(CancellationToken ct)
    {
        var current = _current;
        if (current is not null && current.AsOf == Today)
        {
            return current;
        }

        await _loading.WaitAsync(ct);
        try
        {
            current = _current;
            return current is not null && current.AsOf == Today ? current : await LoadLockedAsync(ct);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Loads a fresh snapshot and makes it current.</summary>
    public async Task<SegmentProfiles> RefreshAsync(CancellationToken ct)
    {
        await _loading.WaitAsync(ct);
        try
        {
            return await LoadLockedAsync(ct);
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    private async Task<SegmentProfiles> LoadLockedAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var profiles = await SegmentProfilesLoader.LoadAsync(store, Today, _zone, null, ct);
        LastLoad = clock.Elapsed;
        _current = profiles;
        return profiles;
    }
}
