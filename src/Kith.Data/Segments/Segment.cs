using Kith.Core.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Segments;

/// <summary>
/// A saved segment: <see cref="Dynamic"/> (a rule, re-evaluated on recompute and when data changes) or
/// <see cref="Static"/> (an uploaded list of customers). Members are kept in <c>segment_members</c>, every
/// entry and exit in <c>segment_changes</c>.
/// </summary>
public sealed class Segment
{
    public const string Dynamic = "dynamic";
    public const string Static = "static";
    public const int MaxNameLength = 100;

    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Kind { get; set; } = Dynamic;

    /// <summary>The rule in canonical form (dynamic segments).</summary>
    public string? Rule { get; set; }

    public string? Description { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int MemberCount { get; set; }
    public DateTimeOffset? MaterializedAt { get; set; }

    /// <summary>Why the segment cannot be evaluated (a tag no customer has any more, a rule that no longer parses); null = fine.</summary>
    public string? Problem { get; set; }
}

/// <summary>A customer in a segment now, since when.</summary>
public sealed class SegmentMember
{
    public long SegmentId { get; set; }
    public long CustomerId { get; set; }
    public DateTimeOffset Since { get; set; }
}

/// <summary>A customer entering or leaving a segment: the <c>segment.entered</c> / <c>segment.left</c> events of the timeline.</summary>
public sealed class SegmentChange
{
    public const string EnteredType = "segment.entered";
    public const string LeftType = "segment.left";

    public long Id { get; set; }
    public long SegmentId { get; set; }
    public long CustomerId { get; set; }
    public bool Entered { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>, IEntityTypeConfiguration<SegmentMember>, IEntityTypeConfiguration<SegmentChange>
{
    public void Configure(EntityTypeBuilder<Segment> b)
    {
        b.ToTable("segments");
        b.Property(s => s.Name).HasMaxLength(Segment.MaxNameLength);
        b.HasIndex(s => s.Name).IsUnique();
        b.Property(s => s.Kind).HasMaxLength(16);
        b.Property(s => s.Rule).HasMaxLength(10_000);
        b.Property(s => s.Description).HasMaxLength(1_000);
        b.Property(s => s.CreatedBy).HasMaxLength(256);
        b.Property(s => s.Problem).HasMaxLength(1_000);
    }

    public void Configure(EntityTypeBuilder<SegmentMember> b)
    {
        b.ToTable("segment_members");
        b.HasKey(m => new { m.SegmentId, m.CustomerId });
        b.HasIndex(m => m.CustomerId);
        b.HasOne<Segment>().WithMany().HasForeignKey(m => m.SegmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customer>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SegmentChange> b)
    {
        b.ToTable("segment_changes");
        b.HasIndex(c => new { c.SegmentId, c.At });
        b.HasIndex(c => c.CustomerId);
        b.HasOne<Segment>().WithMany().HasForeignKey(c => c.SegmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
