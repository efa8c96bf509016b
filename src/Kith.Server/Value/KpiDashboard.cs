using Kith.Core.Value;
using Kith.Data.Value;

namespace Kith.Server.Value;

/// <summary>
/// A period's KPIs, those of the previous period of equal length (<see cref="KpiComparison"/>), and GMV, orders,
/// buyers and AOV per store-local day of each period (<see cref="DailySales"/>), day i of one beside day i of the other.
/// </summary>
public sealed record KpiDashboard(KpiReport Current, KpiReport Previous, IReadOnlyList<SalesDay> Days, IReadOnlyList<SalesDay> PreviousDays);
