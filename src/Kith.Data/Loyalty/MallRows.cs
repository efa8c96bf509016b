using Kith.Core.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Loyalty;

/// <summary>
/// A reward in the points mall (<c>mall_rewards</c>). <see cref="Stock"/> null means unlimited; otherwise
/// <see cref="Sold"/> only grows by a conditional UPDATE (<c>sold &lt; stock</c>), so stock is never oversold.
/// </summary>
public sealed class MallRewardRow
{
    public const string Goods = "goods";
    public const string Coupon = "coupon";
    public const string Service = "service";
    public const string Experience = "experience";

    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Kind { get; set; } = Goods;
    public string? Description { get; set; }
    public long PointsPrice { get; set; }
    public long CashPriceMinor { get; set; }
    public string Currency { get; set; } = "CNY";
    public int? Stock { get; set; }
    public int Sold { get; set; }
    public int? PerCustomerLimit { get; set; }
    public int? MinTierRank { get; set; }

    /// <summary>For coupon rewards: the offer a code is issued from.</summary>
    public long? CouponTemplateId { get; set; }

    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One redemption in the mall (<c>mall_orders</c>).</summary>
public sealed class MallOrderRow
{
    public const string Placed = "placed";
    public const string Cancelled = "cancelled";

    public long Id { get; set; }
    public long RewardId { get; set; }
    public long CustomerId { get; set; }
    public long Points { get; set; }
    public long CashMinor { get; set; }
    public string Status { get; set; } = Placed;
    public long PointsEntryId { get; set; }
    public long? CouponCodeId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>How many of a reward a customer holds (<c>mall_customer_uses</c>); guards the per-customer limit.</summary>
public sealed class MallCustomerUseRow
{
    public long RewardId { get; set; }
    public long CustomerId { get; set; }
    public int Count { get; set; }
}

internal sealed class MallConfiguration :
    IEntityTypeConfiguration<MallRewardRow>, IEntityTypeConfiguration<MallOrderRow>, IEntityTypeConfiguration<MallCustomerUseRow>
{
    public void Configure(EntityTypeBuilder<MallRewardRow> b)
    {
        b.ToTable("mall_rewards");
        b.Property(r => r.Name).HasMaxLength(200);
        b.Property(r => r.Kind).HasMaxLength(16);
        b.Property(r => r.Description).HasMaxLength(2000);
        b.Property(r => r.Currency).HasMaxLength(3);
        b.HasOne<CouponTemplateRow>().WithMany().HasForeignKey(r => r.CouponTemplateId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<MallOrderRow> b)
    {
        b.ToTable("mall_orders");
        b.Property(o => o.Status).HasMaxLength(16);
        b.HasIndex(o => new { o.RewardId, o.Status });
        b.HasIndex(o => o.CustomerId);
        b.HasOne<MallRewardRow>().WithMany().HasForeignKey(o => o.RewardId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<MallCustomerUseRow> b)
    {
        b.ToTable("mall_customer_uses");
        b.HasKey(u => new { u.RewardId, u.CustomerId });
        b.HasOne<MallRewardRow>().WithMany().HasForeignKey(u => u.RewardId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customer>().WithMany().HasForeignKey(u => u.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
