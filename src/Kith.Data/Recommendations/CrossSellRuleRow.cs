using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Recommendations;

/// <summary>
/// An operator's cross-sell rule (<c>recommendation_rules</c>): when the product in view has SKU
/// <see cref="TriggerSku"/>, or sits in category <see cref="TriggerCategory"/> (that path or below), recommend
/// <see cref="TargetSkus"/> first. Higher <see cref="Priority"/> comes first; exactly one trigger is set.
/// </summary>
public sealed class CrossSellRuleRow
{
    public long Id { get; set; }

    /// <summary>The operator's key for the rule (unique).</summary>
    public string Name { get; set; } = "";

    public string? TriggerSku { get; set; }

    public string? TriggerCategory { get; set; }

    /// <summary>Target SKUs in the order to show them, as a JSON array.</summary>
    public string TargetSkus { get; set; } = "[]";

    public int Priority { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class CrossSellRuleConfiguration : IEntityTypeConfiguration<CrossSellRuleRow>
{
    public void Configure(EntityTypeBuilder<CrossSellRuleRow> b)
    {
        b.ToTable("recommendation_rules");
        b.HasKey(r => r.Id);
        b.Property(r => r.Name).HasMaxLength(128);
        b.HasIndex(r => r.Name).IsUnique();
        b.Property(r => r.TriggerSku).HasMaxLength(128);
        b.Property(r => r.TriggerCategory).HasMaxLength(512);
    }
}
