namespace Kith.Data.Value;

/// <summary>The columns of a stored customer value (names as in docs/metrics.md).</summary>
public abstract class CustomerValueColumns
{
    public long CustomerId { get; set; }
    public DateOnly AsOf { get; set; }
    public int? RecencyDays { get; set; }
    public int Frequency { get; set; }
    public decimal Monetary { get; set; }
    public short? RScore { get; set; }
    public short? FScore { get; set; }
    public short? MScore { get; set; }
    public string RfmGroup { get; set; } = "";
    public string Lifecycle { get; set; } = "";
    public string Tier { get; set; } = "";
}

/// <summary>A customer's value from the latest recompute: one row per customer (<c>customer_values</c>).</summary>
public sealed class CustomerValueRow : CustomerValueColumns;

/// <summary>A customer's value as of a past recompute date (<c>customer_value_snapshots</c>), for flows between stages over time.</summary>
public sealed class CustomerValueSnapshot : CustomerValueColumns;
