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

    /// <summary>
    /// How each row's system is solved: conjugate gradient (the default; a few steps per row per sweep, fast enough for a
    /// million customers) or the exact Cholesky solution (the original method; k times the work per interaction).
    /// </summary>
    public AlsSolver Solver { get; init; } = AlsSolver.ConjugateGradient;

    /// <summary>Conjugate-gradient steps per row and sweep (<see cref="AlsSolver.ConjugateGradient"/> only); 3 as in <c>implicit</c>.</summary>
    public int ConjugateGradientSteps { get; init; } = 3;

    /// <summary>Seed of the initial factors; the same seed gives the same model.</summary>
    public int Seed { get; init; } = 42;
}
