namespace Kith.Core.Value;

/// <summary>Every customer's value as of a date (indexed like <see cref="OrderFacts.CustomerIds"/>) and the summaries reports show.</summary>
public sealed class ValueResult(DateOnly asOf, LifecycleWindows windows, bool calibrated, CustomerValue[] values, ValueScale scale)
{
    public DateOnly AsOf { get; } = asOf;
    public LifecycleWindows Windows { get; } = windows;
    public bool Calibrated { get; } = calibrated;
    public CustomerValue[] Values { get; } = values;

    /// <summary>The cut points behind the scores, tiers and stages, for re-scoring one customer later.</summary>
    public ValueScale Scale { get; } = scale;

    public int Buyers => Values.Count(v => v.RecencyDays is not null);

    public decimal TotalMonetary => Values.Sum(v => v.Monetary);

    /// <summary>Share of all buyers' monetary value held by the high-value tier; 0 when there is none.</summary>
    public double HighValueShare
    {
        get
        {
            var total = TotalMonetary;
            return total <= 0m ? 0 : (double)(Values.Where(v => v.Tier == ValueTier.HighValue).Sum(v => v.Monetary) / total);
        }
    }

    public IReadOnlyDictionary<T, int> CountBy<T>(Func<CustomerValue, T> key)
        where T : notnull => Values.GroupBy(key).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The R × F grid: customers and monetary value per (R score, F score), indexed [r − 1, f − 1].</summary>
    public (int[,] Customers, decimal[,] Monetary) Grid()
    {
        var customers = new int[5, 5];
        var monetary = new decimal[5, 5];
        foreach (var v in Values.Where(v => v.RScore is not null))
        {
            customers[v.RScore!.Value - 1, v.FScore!.Value - 1]++;
            monetary[v.RScore!.Value - 1, v.FScore!.Value - 1] += v.Monetary;
        }

        return (customers, monetary);
    }
}
