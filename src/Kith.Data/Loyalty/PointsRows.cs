using Kith.Core.Customers;
using Kith.Core.Loyalty.Points;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Loyalty;

/// <summary>
/// A customer's points account (<c>points_accounts</c>). Every change to the customer's points first bumps
/// <see cref="Version"/> with an UPDATE, which locks the row until the change commits: changes to one account
/// are serialised on both stores, so the balance read inside the change is the balance the change applies to.
/// <see cref="DebtPoints"/> is what a refund could not take back because the points were already spent; later
/// earnings pay it off first.
/// </summary>
public sealed class PointsAccountRow
{
    public long CustomerId { get; set; }
    public long DebtPoints { get; set; }
    public long LifetimeEarned { get; set; }
    public long LifetimeRedeemed { get; set; }
    public long Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One ledger entry (<c>points_entries</c>), never changed once written. The sum of a customer's entries is their
/// balance (usable + pending − debt). <see cref="IdempotencyKey"/> is unique: the same earn or redeem is applied once.
/// </summary>
public sealed class PointsEntryRow
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public PointsEntryKind Kind { get; set; }
    public PointsSource Source { get; set; }

    /// <summary>Signed: positive adds points, negative takes them.</summary>
    public long Points { get; set; }

    public string Reason { get; set; } = "";

    /// <summary>What caused it: an order id, a mall order, a referral, an operator.</summary>
    public string? Reference { get; set; }

    public string? IdempotencyKey { get; set; }

    /// <summary>Σ entries of the customer up to and including this one.</summary>
    public long BalanceAfter { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>What is left of one earning (<c>points_lots</c>), when it becomes usable and when it expires.</summary>
public sealed class PointsLotRow
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long EntryId { get; set; }
    public long Original { get; set; }
    public long Remaining { get; set; }
    public DateTimeOffset UsableAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public string? Reference { get; set; }
}

/// <summary>Which lots an entry took points from or gave them back to (<c>points_lot_moves</c>), so a reversal restores the same lots.</summary>
public sealed class PointsLotMoveRow
{
    public long EntryId { get; set; }
    public long LotId { get; set; }

    /// <summary>Signed like the entry.</summary>
    public long Points { get; set; }
}

/// <summary>A loyalty setting document (<c>loyalty_settings</c>): the points program, the tier scheme.</summary>
public sealed class LoyaltySettingRow
{
    public const string PointsProgram = "points";
    public const string TierScheme = "tiers";

    public string Key { get; set; } = "";
    public string Json { get; set; } = "{}";
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>
/// A replayable answer (<c>idempotency_keys</c>): the first request with a key writes its response here in the same
/// transaction as its effect; a replay gets the stored response and has no effect. A key reused for a different
/// request (another hash) is refused.
/// </summary>
public sealed class IdempotencyRow
{
    public string Scope { get; set; } = "";
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public int StatusCode { get; set; }
    public string Response { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class PointsConfiguration :
    IEntityTypeConfiguration<PointsAccountRow>, IEntityTypeConfiguration<PointsEntryRow>,
    IEntityTypeConfiguration<PointsLotRow>, IEntityTypeConfiguration<PointsLotMoveRow>,
    IEntityTypeConfiguration<LoyaltySettingRow>, IEntityTypeConfiguration<IdempotencyRow>
{
    public void Configure(EntityTypeBuilder<PointsAccountRow> b)
    {
        b.ToTable("points_accounts");
        b.HasKey(a => a.CustomerId);
        b.Property(a => a.CustomerId).ValueGeneratedNever();
        b.HasOne<Customer>().WithOne().HasForeignKey<PointsAccountRow>(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PointsEntryRow> b)
    {
        b.ToTable("points_entries");
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Reason).HasMaxLength(300);
        b.Property(e => e.Reference).HasMaxLength(128);
        b.Property(e => e.IdempotencyKey).HasMaxLength(200);
        b.HasIndex(e => e.IdempotencyKey).IsUnique();
        b.HasIndex(e => new { e.CustomerId, e.Id });
        b.HasIndex(e => new { e.CustomerId, e.Source, e.CreatedAt });
        b.HasOne<Customer>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PointsLotRow> b)
    {
        b.ToTable("points_lots");
        b.Property(l => l.Reference).HasMaxLength(128);
        b.HasIndex(l => new { l.CustomerId, l.Remaining });
        b.HasIndex(l => l.ExpiresAt);
        b.HasOne<PointsEntryRow>().WithMany().HasForeignKey(l => l.EntryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PointsLotMoveRow> b)
    {
        b.ToTable("points_lot_moves");
        b.HasKey(m => new { m.EntryId, m.LotId });
        b.HasOne<PointsEntryRow>().WithMany().HasForeignKey(m => m.EntryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<PointsLotRow>().WithMany().HasForeignKey(m => m.LotId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<LoyaltySettingRow> b)
    {
        b.ToTable("loyalty_settings");
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(32);
        b.Property(s => s.UpdatedBy).HasMaxLength(256);
    }

    public void Configure(EntityTypeBuilder<IdempotencyRow> b)
    {
        b.ToTable("idempotency_keys");
        b.HasKey(k => new { k.Scope, k.Key });
        b.Property(k => k.Scope).HasMaxLength(32);
        b.Property(k => k.Key).HasMaxLength(200);
        b.Property(k => k.RequestHash).HasMaxLength(64);
        b.HasIndex(k => k.CreatedAt);
    }
}
