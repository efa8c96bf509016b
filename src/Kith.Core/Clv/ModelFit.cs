namespace Kith.Core.Clv;

/// <summary>
/// A fitted model and how the fit went. <see cref="LogLikelihood"/> is the total over the fitted customers (natural
/// log); <see cref="StandardErrors"/> are asymptotic standard errors of the parameters from the observed information
/// (the inverse Hessian of −LL), in the order of <c>Parameters</c>, or null when the Hessian is not positive definite.
/// <see cref="Note"/> says, in words, why a fit did not converge when the reason is known (e.g. the likelihood keeps
/// rising towards a boundary of the parameter space), or null.
/// </summary>
public sealed record ModelFit<TModel>(
    TModel Model,
    int Customers,
    double LogLikelihood,
    bool Converged,
    int Iterations,
    string Optimizer,
    IReadOnlyList<double>? StandardErrors,
    string? Note = null)
    where TModel : IClvModel;
