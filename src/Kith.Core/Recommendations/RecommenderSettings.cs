namespace Kith.Core.Recommendations;

/// <summary>The settings of every model Kith trains, in one place for training and for evaluation.</summary>
public sealed record RecommenderSettings
{
    public ItemKnnOptions ItemKnn { get; init; } = new();

    public AlsOptions Als { get; init; } = new();

    public ContentOptions Content { get; init; } = new();
}
