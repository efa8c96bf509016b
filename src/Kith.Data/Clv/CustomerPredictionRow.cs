using Kith.Core.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Clv;

/// <summary>
/// A customer's predictions from the latest <c>kith clv score</c> (<c>customer_predictions</c>, one row per customer
/// who bought on or before <see cref="AsOf"/>), and the churn risk of the latest <c>kith churn score</c>. Definitions
/// in docs/clv.md.
/// </summary>
public sealed class CustomerPredictionRow
{
    public long CustomerId { get; set; }

    /// <summary>The calibration end: orders up to and including this day were used.</summary>
    public DateOnly AsOf { get; set; }

    /// <summary>The purchase model: <c>bgnbd</c> or <c>paretonbd</c> (spend is always Gamma-Gamma).</summary>
    public string Model { get; set; } = "";

    /// <summary>The horizon of <see cref="ExpectedPurchases"/> and <see cref="Clv"/>, in days.</summary>
    public int HorizonDays { get; set; }

    /// <summary>E[purchases in (as_of, as_of + horizon]].</summary>
    public double ExpectedPurchases { get; set; }

    /// <summary>P(the customer is still alive at as_of).</summary>
    public double ProbabilityAlive { get; set; }

    /// <summary>E[spend per purchase] from the Gamma-Gamma model, in the store's currency.</summary>
    public decimal ExpectedSpend { get; set; }

    /// <summary>Discounted margin over the horizon, in the store's currency.</summary>
    public decimal Clv { get; set; }

    /// <summary>P(no paid order within the churn horizon), from the churn model; null until <c>kith churn score</c>.</summary>
    public double? ChurnRisk { get; set; }

    /// <summary><c>low</c>, <c>medium</c> or <c>high</c> (docs/clv.md, churn bands); null until <c>kith churn score</c>.</summary>
    public string? ChurnBand { get; set; }
}

internal sealed class CustomerPredictionConfiguration : IEntityTypeConfiguration<CustomerPredictionRow>
{
    public void Configure(EntityTypeBuilder<CustomerPredictionRow> b)
    {
        b.ToTable("customer_predictions");
        b.HasKey(p => p.CustomerId);
        b.Property(p => p.CustomerId).ValueGeneratedNever();
        b.Property(p => p.Model).HasMaxLength(16);
        b.Property(p => p.ProbabilityAlive).HasColumnName("p_alive");
        b.Property(p => p.ExpectedSpend).HasPrecision(18, 4);
        b.Property(p => p.Clv).HasPrecision(18, 4);
        b.Property(p => p.ChurnBand).HasMaxLength(8);
        b.HasOne<Customer>().WithOne().HasForeignKey<CustomerPredictionRow>(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.ChurnBand);
    }
}
