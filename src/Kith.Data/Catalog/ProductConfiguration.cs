using Kith.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Catalog;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("products");
        b.HasKey(p => p.Id);
        b.Property(p => p.Sku).HasMaxLength(128);
        b.HasIndex(p => p.Sku).IsUnique();
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.Price).HasPrecision(18, 4);
    }
}
