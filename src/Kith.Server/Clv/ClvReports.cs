using Kith.Core.Clv;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Server.Hosting;

namespace Kith.Server.Clv;

/// <summary>
/// The CLV reports as the API and the console show them: the calibration/holdout comparison of <c>kith clv report</c>
/// (<see cref="HoldoutEvaluation"/>) on the store's paid orders, read in the store's time zone, and the windows to
/// suggest for it.
/// </summary>
public sealed class ClvReports(KithStore store, KithServerSettings settings)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);

    /// <summary>The store's time zone, in which order days are counted.</summary>
    public TimeZoneInfo Zone => _zone;

    public async Task<HoldoutOutcome> HoldoutAsync(HoldoutRequest request, CancellationToken ct)
    {
        var facts = await OrderFactsLoader.LoadAsync(store, _zone, null, ct);
        // Fitting takes a second or more of CPU: on the thread pool, so a console circuit (or request thread) is not held.
        return await Task.Run(() => HoldoutEvaluation.Run(facts, request), ct);
    }

    /// <summary>
    /// Windows to start from: the calibration ends halfway between the first and the latest paid order day, the
    /// holdout at the latest (on CDNOW: 1997-09-30 and 1998-06-30, the split of the papers); null without paid orders.
    /// </summary>
    public async Task<(DateOnly CalibrationEnd, DateOnly HoldoutEnd)?> SuggestedWindowsAsync(CancellationToken ct) =>
        await OrderFactsLoader.PaidDayRangeAsync(store, _zone, ct) is { } range
            ? (DateOnly.FromDayNumber(range.First.DayNumber + ((range.Last.DayNumber - range.First.DayNumber) / 2)), range.Last)
            : null;
}
