namespace Kith.Core.Recommendations;

/// <summary>Settings of <see cref="ItemKnnModel"/>.</summary>
public sealed record ItemKnnOptions
{
    /// <summary>Neighbours kept per item (the serving lists' length).</summary>
    public int Neighbours { get; init; } = 20;

    /// <summary>Added to the denominator so that pairs seen together by few users count less (Koren's shrinkage).</summary>
    public float Shrinkage { get; init; } = 10f;

    public SimilarityMeasure Measure { get; init; } = SimilarityMeasure.Cosine;

    /// <summary>Read every interaction as 1 (seen / not seen) instead of its weight.</summary>
    public bool Binary { get; init; } = true;
}
