using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Churn;

/// <summary>
/// The trained churn classifier (<c>churn_models</c>, one row: the latest <c>kith churn train</c>), kept in the store
/// so that every node and both providers find it; <see cref="Model"/> is ML.NET's zip of the trained pipeline.
/// </summary>
public sealed class ChurnModelRow
{
    public const int Current = 1;

    public int Id { get; set; } = Current;
    public DateTimeOffset TrainedAt { get; set; }

    /// <summary>The training cut-off (features as of this day, label from the days after it).</summary>
    public DateOnly TrainCutoff { get; set; }

    /// <summary>The later cut-off the model was tested on.</summary>
    public DateOnly TestCutoff { get; set; }

    /// <summary>N: churned = no paid order within this many days after the cut-off.</summary>
    public int HorizonDays { get; set; }

    public double Auc { get; set; }

    /// <summary>AUC of the baseline 1 − P(alive) from BG/NBD (the Pareto/NBD baseline is reported, not stored).</summary>
    public double BaselineAuc { get; set; }
    public byte[] Model { get; set; } = [];
}

internal sealed class ChurnModelConfiguration : IEntityTypeConfiguration<ChurnModelRow>
{
    public void Configure(EntityTypeBuilder<ChurnModelRow> b)
    {
        b.ToTable("churn_models");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
    }
}
