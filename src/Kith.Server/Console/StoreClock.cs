using System.Globalization;
using Kith.Core;
using Kith.Data.Value;
using Kith.Server.Hosting;

namespace Kith.Server.Console;

/// <summary>Shows instants in the store's time zone (not the server's, not the browser's), in the operator's culture.</summary>
public sealed class StoreClock(KithServerSettings settings, TimeProvider time)
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);

    public TimeZoneInfo Zone => zone;

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

    public DateOnly Today => Timestamps.DayIn(time.GetUtcNow(), zone);

    public string DateTime(DateTimeOffset? instant) =>
        instant is { } i ? Local(i).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    public string Date(DateTimeOffset? instant) =>
        instant is { } i ? Local(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";

    /// <summary>The UTC instant at which a store-local day starts.</summary>
    public DateTimeOffset StartOf(DateOnly day) => DailySales.StartOf(day, zone);
}
