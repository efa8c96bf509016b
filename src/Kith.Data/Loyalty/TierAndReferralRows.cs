using Kith.Core.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Loyalty;

/// <summary>A customer's membership tier (<c>customer_tiers</c>); the scheme itself is a <see cref="LoyaltySettingRow"/>.</summary>
public sealed class CustomerTierRow
{
    public long CustomerId { get; set; }
    public int Rank { get; set; }
    public DateTimeOffset Since { get; set; }

    /// <summary>The next review date: a downgrade only happens then (after the grace rule).</summary>
    public DateTimeOffset ReviewAt { get; set; }

    /// <summary>A paid membership holds its tier until this time whatever the spend.</summary>
    public DateTimeOffset? PaidUntil { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A customer's invite code (<c>referral_codes</c>).</summary>
public sealed class ReferralCodeRow
{
    public long CustomerId { get; set; }
    public string Code { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// An invitation accepted by a friend (<c>referrals</c>): one per friend (unique), rewarded once, when the friend's
/// first order completes.
/// </summary>
public sealed class ReferralRow
{
    public const string Pending = "pending";
    public const string Rewarded = "rewarded";

    public long Id { get; set; }
    public long ReferrerId { get; set; }
    public long FriendId { get; set; }
    public string Status { get; set; } = Pending;
    public string? OrderRef { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RewardedAt { get; set; }
}

internal sealed class TierAndReferralConfiguration :
    IEntityTypeConfiguration<CustomerTierRow>, IEntityTypeConfiguration<ReferralCodeRow>, IEntityTypeConfiguration<ReferralRow>
{
    public void Configure(EntityTypeBuilder<CustomerTierRow> b)
    {
        b.ToTable("customer_tiers");
        b.HasKey(t => t.CustomerId);
        b.Property(t => t.CustomerId).ValueGeneratedNever();
        b.HasIndex(t => t.Rank);
        b.HasIndex(t => t.ReviewAt);
        b.HasOne<Customer>().WithOne().HasForeignKey<CustomerTierRow>(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ReferralCodeRow> b)
    {
        b.ToTable("referral_codes");
        b.HasKey(r => r.CustomerId);
        b.Property(r => r.CustomerId).ValueGeneratedNever();
        b.Property(r => r.Code).HasMaxLength(32);
        b.HasIndex(r => r.Code).IsUnique();
        b.HasOne<Customer>().WithOne().HasForeignKey<ReferralCodeRow>(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ReferralRow> b)
    {
        b.ToTable("referrals");
        b.Property(r => r.Status).HasMaxLength(16);
        b.Property(r => r.OrderRef).HasMaxLength(128);
        b.HasIndex(r => r.FriendId).IsUnique();
        b.HasIndex(r => r.ReferrerId);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.ReferrerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.FriendId).OnDelete(DeleteBehavior.Restrict);
    }
}
