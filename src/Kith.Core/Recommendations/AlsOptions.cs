namespace Kith.Core.Recommendations;

/// <summary>
/// Settings of <see cref="AlsModel"/> (Hu, Koren &amp; Volinsky 2008). The defaults were tuned on MovieLens 100K ua and
/// Online Retail (docs/recommendations.md); λ is large because it is not scaled by the number of interactions.
/// </summary>
public sealed record AlsOptions
{
    /// <summary>Latent factors per user and item (k).</summary>
    public int Factors { get; init; } = 32;

    /// <summary>λ, the L2 penalty on every factor vector.</summary>
    public double Regularization { get; init; } = 20;

    /// <summary>α in the confidence c = 1 + α·w of an observed interaction of weight w.</summary>
    public double Alpha { get; init; } = 1;

    /// <summary>Full sweeps (users, then items).</summary>
    public int Iterations { get; init; } = 15;

    /// <summary>Seed of the initial factors; the same seed gives the same model.</summary>
    public int Seed { get; init; } = 42;
}
