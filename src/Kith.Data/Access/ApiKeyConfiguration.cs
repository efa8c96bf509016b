using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Access;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys");
        b.HasKey(k => k.Id);
        b.Property(k => k.Name).HasMaxLength(128);
        b.Property(k => k.Prefix).HasMaxLength(32);
        b.HasIndex(k => k.Prefix).IsUnique();
        b.Property(k => k.KeyHash).HasMaxLength(64);
        b.Property(k => k.Scopes).HasMaxLength(128);
    }
}
