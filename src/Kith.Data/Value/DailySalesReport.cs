namespace Kith.Data.Value;

/// <summary>
/// Sales per store-local day from <see cref="From"/> to <see cref="To"/> (both included, every day present), and the
/// period's totals. <see cref="Customers"/> counts distinct buyers over the whole period (not the sum of the days).
/// </summary>
public sealed record DailySalesReport(
    DateOnly From,
    DateOnly To,
    IReadOnlyList<SalesDay> Days,
    decimal Gmv,
    int Orders,
    int Customers,
    decimal Aov);
