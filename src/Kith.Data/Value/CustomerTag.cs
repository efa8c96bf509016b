using Kith.Core.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Value;

/// <summary>
/// A tag on a customer: set by an operator (<see cref="Manual"/>) or computed from behaviour (<see cref="Computed"/>,
/// e.g. <c>category:食品 Food</c>, <c>price:high</c>, <c>promotion:high</c>, <c>channel:tmall</c>). A refresh
/// replaces the computed tags and never touches the manual ones.
/// </summary>
public sealed class CustomerTag
{
    public const string Manual = "manual";
    public const string Computed = "computed";
    public const int MaxLength = 64;

    public long CustomerId { get; set; }
    public string Tag { get; set; } = "";
    public string Source { get; set; } = Manual;
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class CustomerTagConfiguration : IEntityTypeConfiguration<CustomerTag>
{
    public void Configure(EntityTypeBuilder<CustomerTag> b)
    {
        b.ToTable("customer_tags");
        b.HasKey(t => new { t.CustomerId, t.Tag });
        b.Property(t => t.Tag).HasMaxLength(CustomerTag.MaxLength);
        b.Property(t => t.Source).HasMaxLength(16);
        b.HasIndex(t => t.Tag);
        b.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
