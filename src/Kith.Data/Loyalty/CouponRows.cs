using Kith.Core.Customers;
using Kith.Core.Loyalty.Coupons;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Loyalty;

/// <summary>
/// A coupon offer (<c>coupon_templates</c>): its terms, validity, limits and budget. Codes are issued from it.
/// Money in minor units of <see cref="Currency"/>. <see cref="BudgetUsedMinor"/> counts reserved and committed
/// discounts, so a budget can never be overspent by checkouts that have not paid yet.
/// </summary>
public sealed class CouponTemplateRow
{
    public const string Active = "active";
    public const string Paused = "paused";

    public long Id { get; set; }
    public string Name { get; set; } = "";
    public CouponPurpose Purpose { get; set; }
    public CouponKind Kind { get; set; }
    public string Currency { get; set; } = "CNY";
    public long AmountOffMinor { get; set; }
    public decimal PercentOff { get; set; }
    public long? MaxDiscountMinor { get; set; }
    public long MinSpendMinor { get; set; }
    public List<string> IncludeCategories { get; set; } = [];
    public List<string> IncludeProducts { get; set; } = [];
    public List<string> ExcludeCategories { get; set; } = [];
    public List<string> ExcludeProducts { get; set; } = [];
    public bool Stackable { get; set; }

    /// <summary>Absolute validity window (UTC); either bound may be open.</summary>
    public DateTimeOffset? ValidFrom { get; set; }

    public DateTimeOffset? ValidTo { get; set; }

    /// <summary>When set, a code issued to a customer is valid for this many days from its issue (within the window).</summary>
    public int? ValidDaysAfterIssue { get; set; }

    /// <summary>How many times one customer may use this offer (reserved or committed); null = no limit.</summary>
    public int? PerCustomerLimit { get; set; }

    public long? BudgetMinor { get; set; }
    public long BudgetUsedMinor { get; set; }

    /// <summary>For member-exclusive offers: the lowest tier rank allowed.</summary>
    public int? MinTierRank { get; set; }

    public string Status { get; set; } = Active;
    public long IssuedCount { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public CouponTerms Terms => new()
    {
        Kind = Kind, Currency = Currency, AmountOffMinor = AmountOffMinor, PercentOff = PercentOff,
        MaxDiscountMinor = MaxDiscountMinor, MinSpendMinor = MinSpendMinor, IncludeCategories = IncludeCategories,
        IncludeProducts = IncludeProducts, ExcludeCategories = ExcludeCategories, ExcludeProducts = ExcludeProducts,
        Stackable = Stackable,
    };
}

/// <summary>
/// A code (<c>coupon_codes</c>): single-use and issued to a customer (<see cref="MaxUses"/> = 1), or shared by
/// anyone up to a usage limit. <see cref="Uses"/> counts reserved and committed redemptions and only ever changes
/// by a conditional UPDATE (<c>uses &lt; max_uses</c>), which is what makes "exactly once" hold under races.
/// </summary>
public sealed class CouponCodeRow
{
    public long Id { get; set; }
    public long TemplateId { get; set; }
    public string Code { get; set; } = "";
    public long? CustomerId { get; set; }
    public int MaxUses { get; set; } = 1;
    public int Uses { get; set; }
    public DateTimeOffset? ValidFrom { get; set; }
    public DateTimeOffset? ValidTo { get; set; }
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>The bulk issue this code came from (e.g. "segment:12 2026-11-26"), for export and the monitor.</summary>
    public string? Batch { get; set; }
}

/// <summary>
/// One use of a code on one order (<c>coupon_redemptions</c>): reserved at order placement and held until
/// <see cref="HoldUntil"/>, then committed at payment, or released (cancelled, timed out); a committed one is
/// reversed when the order is refunded.
/// </summary>
public sealed class CouponRedemptionRow
{
    public const string Reserved = "reserved";
    public const string Committed = "committed";
    public const string Released = "released";
    public const string Expired = "expired";
    public const string Reversed = "reversed";

    public long Id { get; set; }
    public long CodeId { get; set; }
    public long TemplateId { get; set; }
    public long CustomerId { get; set; }
    public string OrderRef { get; set; } = "";
    public string Currency { get; set; } = "";
    public long DiscountMinor { get; set; }
    public long GoodsMinor { get; set; }
    public string Status { get; set; } = Reserved;
    public DateTimeOffset ReservedAt { get; set; }
    public DateTimeOffset HoldUntil { get; set; }
    public DateTimeOffset? CommittedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? Device { get; set; }
    public string? Ip { get; set; }
}

/// <summary>How often a customer has used an offer (<c>coupon_customer_uses</c>); guards the per-customer limit.</summary>
public sealed class CouponCustomerUseRow
{
    public long TemplateId { get; set; }
    public long CustomerId { get; set; }
    public int Uses { get; set; }
}

/// <summary>A checkout flagged for review by the anti-fraud rules (<c>coupon_flags</c>).</summary>
public sealed class CouponFlagRow
{
    public long Id { get; set; }
    public long? TemplateId { get; set; }
    public long? CustomerId { get; set; }
    public string? Code { get; set; }
    public string? Device { get; set; }
    public string? Ip { get; set; }
    public string Reason { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class CouponConfiguration :
    IEntityTypeConfiguration<CouponTemplateRow>, IEntityTypeConfiguration<CouponCodeRow>,
    IEntityTypeConfiguration<CouponRedemptionRow>, IEntityTypeConfiguration<CouponCustomerUseRow>,
    IEntityTypeConfiguration<CouponFlagRow>
{
    public void Configure(EntityTypeBuilder<CouponTemplateRow> b)
    {
        b.ToTable("coupon_templates");
        b.Property(t => t.Name).HasMaxLength(200);
        b.HasIndex(t => t.Name).IsUnique();
        b.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(24);
        b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(t => t.Currency).HasMaxLength(3);
        b.Property(t => t.PercentOff).HasPrecision(9, 4);
        b.Property(t => t.Status).HasMaxLength(16);
        b.Property(t => t.CreatedBy).HasMaxLength(256);
        b.Ignore(t => t.Terms);
    }

    public void Configure(EntityTypeBuilder<CouponCodeRow> b)
    {
        b.ToTable("coupon_codes");
        b.Property(c => c.Code).HasMaxLength(64);
        b.HasIndex(c => c.Code).IsUnique();
        b.HasIndex(c => new { c.TemplateId, c.CustomerId });
        b.HasIndex(c => c.CustomerId);
        b.Property(c => c.Batch).HasMaxLength(128);
        b.HasOne<CouponTemplateRow>().WithMany().HasForeignKey(c => c.TemplateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<CouponRedemptionRow> b)
    {
        b.ToTable("coupon_redemptions");
        b.Property(r => r.OrderRef).HasMaxLength(128);
        b.Property(r => r.Currency).HasMaxLength(3);
        b.Property(r => r.Status).HasMaxLength(16);
        b.Property(r => r.Device).HasMaxLength(128);
        b.Property(r => r.Ip).HasMaxLength(64);
        b.HasIndex(r => new { r.CodeId, r.Status });
        b.HasIndex(r => new { r.OrderRef, r.Status });
        b.HasIndex(r => new { r.TemplateId, r.Status });
        b.HasIndex(r => r.CustomerId);
        b.HasOne<CouponCodeRow>().WithMany().HasForeignKey(r => r.CodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CouponTemplateRow>().WithMany().HasForeignKey(r => r.TemplateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<CouponCustomerUseRow> b)
    {
        b.ToTable("coupon_customer_uses");
        b.HasKey(u => new { u.TemplateId, u.CustomerId });
        b.HasOne<CouponTemplateRow>().WithMany().HasForeignKey(u => u.TemplateId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customer>().WithMany().HasForeignKey(u => u.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CouponFlagRow> b)
    {
        b.ToTable("coupon_flags");
        b.Property(f => f.Code).HasMaxLength(64);
        b.Property(f => f.Device).HasMaxLength(128);
        b.Property(f => f.Ip).HasMaxLength(64);
        b.Property(f => f.Reason).HasMaxLength(200);
        b.HasIndex(f => f.CreatedAt);
    }
}
