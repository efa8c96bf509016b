using Kith.Core.Catalog;
using Kith.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Orders;

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.ToTable("order_lines");
        b.HasKey(l => l.Id);
        b.HasIndex(l => new { l.OrderId, l.LineNumber }).IsUnique();
        b.HasIndex(l => l.ProductId);
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.Property(l => l.Sku).HasMaxLength(128);
        b.Property(l => l.UnitPrice).HasPrecision(18, 4);
        b.Property(l => l.Discount).HasPrecision(18, 4);
    }
}
