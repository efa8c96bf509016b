namespace Kith.Core.Clv;

/// <summary>How customer lifetime value is summed up (docs/clv.md, "CLV").</summary>
public sealed record ClvOptions
{
    /// <summary>How far ahead purchases are counted, in days.</summary>
    public int HorizonDays { get; init; } = 365;

    /// <summary>The share of spend that is profit (1 = CLV in revenue).</summary>
    public double Margin { get; init; } = 1;

    /// <summary>Yearly discount rate applied to future purchases, e.g. 0.10.</summary>
    public double AnnualDiscountRate { get; init; } = 0.10;

    public void Validate()
    {
        if (HorizonDays < 1)
        {
            throw new ArgumentException($"the CLV horizon must be at least one day (got {HorizonDays})");
        }

        if (!(Margin >= 0 && Margin <= 1))
        {
            throw new ArgumentException($"the margin must be between 0 and 1 (got {Margin})");
        }

        if (!(AnnualDiscountRate >= 0 && AnnualDiscountRate < 10))
        {
            throw new ArgumentException($"the annual discount rate must be between 0 and 10 (got {AnnualDiscountRate})");
        }
    }
}
