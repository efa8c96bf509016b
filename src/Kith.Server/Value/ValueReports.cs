using Kith.Core.Value;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Server.Hosting;

namespace Kith.Server.Value;

/// <summary>
/// The value reports as the API and the console show them: KPIs with the previous period and per-day sales, cohort
/// retention, lifecycle flow. Each reads the store's orders in the store's time zone and computes with the same
/// code as the CLI (<see cref="Kpis"/>, <see cref="CohortAnalysis"/>, <see cref="DailySales"/>; docs/metrics.md).
/// </summary>
public sealed class ValueReports(KithStore store, KithServerSettings settings)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);

    /// <summary>The store's time zone, in which order days are counted.</summary>
    public TimeZoneInfo Zone => _zone;

    public async Task<KpiReport> KpisAsync(DateOnly from, DateOnly to, CancellationToken ct) =>
        Kpis.Compute(await FactsAsync(ct), from, to);

    /// <summary>The period's KPIs against the previous period of equal length, and both periods' sales per day.</summary>
    public async Task<KpiDashboard> KpiDashboardAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var kpis = KpiComparison.Compute(await FactsAsync(ct), from, to);
        var days = await DailySales.LoadAsync(store, _zone, from, to, ct);
        var previousDays = await DailySales.LoadAsync(store, _zone, kpis.Previous.From, kpis.Previous.To, ct);
        return new KpiDashboard(kpis.Current, kpis.Previous, days.Days, previousDays.Days);
    }

    public async Task<CohortReport> CohortsAsync(DateOnly asOf, CancellationToken ct) =>
        CohortAnalysis.Retention(await FactsAsync(ct), asOf);

    /// <summary>Every customer's lifecycle stage as of both dates (default windows, or calibrated 3:3:3:1 on each date).</summary>
    public async Task<LifecycleFlow> FlowAsync(DateOnly from, DateOnly to, bool calibrate, CancellationToken ct) =>
        CohortAnalysis.Flow(await FactsAsync(ct), from, to, new ValueOptions { Calibrate = calibrate });

    private Task<OrderFacts> FactsAsync(CancellationToken ct) => OrderFactsLoader.LoadAsync(store, _zone, null, ct);
}
