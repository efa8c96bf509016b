using Kith.Core.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Value;

internal sealed class CustomerValueConfiguration : IEntityTypeConfiguration<CustomerValueRow>, IEntityTypeConfiguration<CustomerValueSnapshot>
{
    public void Configure(EntityTypeBuilder<CustomerValueRow> b)
    {
        b.ToTable("customer_values");
        b.HasKey(v => v.CustomerId);
        Columns(b);
        b.HasOne<Customer>().WithOne().HasForeignKey<CustomerValueRow>(v => v.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(v => v.Lifecycle);
        b.HasIndex(v => v.Tier);
        b.HasIndex(v => v.RfmGroup);
    }

    public void Configure(EntityTypeBuilder<CustomerValueSnapshot> b)
    {
        b.ToTable("customer_value_snapshots");
        b.HasKey(v => new { v.AsOf, v.CustomerId });
        Columns(b);
        b.HasOne<Customer>().WithMany().HasForeignKey(v => v.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(v => v.CustomerId);
    }

    private static void Columns<T>(EntityTypeBuilder<T> b)
        where T : CustomerValueColumns
    {
        b.Property(v => v.Monetary).HasPrecision(18, 4);
        b.Property(v => v.RfmGroup).HasMaxLength(32);
        b.Property(v => v.Lifecycle).HasMaxLength(16);
        b.Property(v => v.Tier).HasMaxLength(16);
    }
}
