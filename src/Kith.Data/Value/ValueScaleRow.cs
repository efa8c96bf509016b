using System.Text.Json;
using Kith.Core.Value;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Value;

/// <summary>
/// The cut points of the recompute behind <c>customer_values</c> (one row, <c>value_scales</c>), written in the
/// same transaction as the values, so that a customer whose orders change before the next recompute is re-scored
/// against the distribution the others were scored on.
/// </summary>
public sealed class ValueScaleRow
{
    public const int Current = 1;

    public int Id { get; set; } = Current;
    public DateOnly AsOf { get; set; }

    /// <summary>The <see cref="ValueScale"/> as JSON.</summary>
    public string Scale { get; set; } = "";

    public ValueScale ToScale() => JsonSerializer.Deserialize<ValueScale>(Scale)
        ?? throw new InvalidOperationException("value_scales holds an empty scale");

    public static string Serialize(ValueScale scale) => JsonSerializer.Serialize(scale);
}

internal sealed class ValueScaleConfiguration : IEntityTypeConfiguration<ValueScaleRow>
{
    public void Configure(EntityTypeBuilder<ValueScaleRow> b)
    {
        b.ToTable("value_scales");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
    }
}
