namespace Kith.Data.Value;

/// <summary>One store-local day of sales (docs/metrics.md, "KPIs", for a one-day period). Zero orders gives zeros.</summary>
public sealed record SalesDay(DateOnly Day, decimal Gmv, int Orders, int Customers, decimal Aov);
