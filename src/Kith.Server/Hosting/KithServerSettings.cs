using Kith.Data.Store;

namespace Kith.Server.Hosting;

/// <summary>What <c>kith serve</c> (or a test) decides about the server before it starts.</summary>
public sealed class KithServerSettings
{
    public required StoreLocation Store { get; init; }

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:5080</c>; several separated by ';'.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Currency of amounts sent without one.</summary>
    public string Currency { get; init; } = "CNY";

    /// <summary>How often customer values (RFM, lifecycle, tiers) are recomputed and stored; null: never (only by <c>kith recompute</c>).</summary>
    public TimeSpan? RecomputeEvery { get; init; }

    /// <summary>How often the server checks whether data changed and, if so, reloads segment profiles and re-materialises segments.</summary>
    public TimeSpan SegmentRefreshEvery { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Training schedule, session window and weights of the served recommendations.</summary>
    public Kith.Server.Recommendations.RecommendationServingSettings Recommendations { get; init; } = new();

    /// <summary>Lifecycle windows of categories with their own consumption cycle; the scheduled recompute stores their stages as <c>stage:CATEGORY:STAGE</c> tags.</summary>
    public IReadOnlyDictionary<string, Kith.Core.Value.LifecycleWindows> CategoryWindows { get; init; } = new Dictionary<string, Kith.Core.Value.LifecycleWindows>();

    /// <summary>Also give every other category with enough buyers calibrated (3:3:3:1) windows.</summary>
    public bool CalibrateCategories { get; init; }

    /// <summary>The store's time zone (IANA), which decides an order's day and "today".</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Extra logging setup (tests capture the log to check that no personal data reaches it).</summary>
    public Action<Microsoft.Extensions.Logging.ILoggingBuilder>? Logging { get; init; }

    /// <summary>Environment name (Development shows more detail in errors).</summary>
    public string Environment { get; init; } = "Production";
}
