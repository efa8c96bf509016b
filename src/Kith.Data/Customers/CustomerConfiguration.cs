using Kith.Core.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Customers;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.ToTable("customers");
        b.HasKey(c => c.Id);
        b.Property(c => c.ExternalId).HasMaxLength(128);
        b.HasIndex(c => c.ExternalId).IsUnique();
        b.HasIndex(c => c.Phone);
        b.HasIndex(c => c.Email);
        // The console's customer search looks names up by prefix.
        b.HasIndex(c => c.Name);
        b.Property(c => c.Gender).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Name).HasMaxLength(512);
        b.Property(c => c.Phone).HasMaxLength(32);
        b.Property(c => c.Email).HasMaxLength(254);
    }
}
