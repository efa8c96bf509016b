namespace Kith.Core.Recommendations;

/// <summary>Settings of <see cref="ContentModel"/>.</summary>
public sealed record ContentOptions
{
    /// <summary>Neighbours kept per item.</summary>
    public int Neighbours { get; init; } = 20;

    /// <summary>Features on more than this share of items are ignored: they say little (low IDF) and cost the most.</summary>
    public double MaxFeatureShare { get; init; } = 0.2;
}
