namespace Kith.Core.Recommendations;

/// <summary>How <see cref="AlsModel"/> solves each user's (and item's) k × k least-squares system.</summary>
public enum AlsSolver
{
    /// <summary>
    /// A few conjugate-gradient steps per row, warm-started from the row's previous factors (Takács, Pilászy &amp; Tikk,
    /// "Applications of the conjugate gradient method for implicit feedback collaborative filtering", RecSys 2011; the
    /// <c>implicit</c> library's default): O(nnz·k + rows·k²) per sweep, in single precision.
    /// </summary>
    ConjugateGradient,

    /// <summary>The exact solution of every row's system by a k × k Cholesky factorisation (double precision): O(nnz·k² + rows·k³) per sweep.</summary>
    Cholesky,
}
