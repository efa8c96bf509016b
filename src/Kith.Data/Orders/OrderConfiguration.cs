using Kith.Core.Customers;
using Kith.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Orders;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.ToTable("orders");
        b.HasKey(o => o.Id);
        b.Property(o => o.ExternalId).HasMaxLength(128);
        b.HasIndex(o => o.ExternalId).IsUnique();
        b.HasIndex(o => new { o.CustomerId, o.PlacedAt });
        b.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(24);
        b.Property(o => o.Currency).HasMaxLength(3);
        b.Property(o => o.Total).HasPrecision(18, 4);
        b.Property(o => o.Discount).HasPrecision(18, 4);
        b.Property(o => o.ShippingFee).HasPrecision(18, 4);
        b.Property(o => o.RefundedAmount).HasPrecision(18, 4);
        b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}
