namespace Kith.Core.Clv;

/// <summary>The purchase models by the names the CLI, the API and <c>customer_predictions.model</c> use: <c>bgnbd</c>, <c>paretonbd</c>.</summary>
public static class RepeatPurchaseModels
{
    public const string BgNbd = "bgnbd";
    public const string ParetoNbd = "paretonbd";

    public static IReadOnlyList<string> Names { get; } = [BgNbd, ParetoNbd];

    /// <summary>
    /// Fits the named model on the summary. Throws <see cref="ArgumentException"/> for an unknown name and, as the
    /// models' own <c>Fit</c> do, when the likelihood has no maximum (docs/clv.md, "Bad input").
    /// </summary>
    public static ModelFit<IRepeatPurchaseModel> Fit(string model, ClvSummary summary) => model switch
    {
        BgNbd => Widen(BgNbdModel.Fit(summary)),
        ParetoNbd => Widen(ParetoNbdModel.Fit(summary)),
        _ => throw new ArgumentException($"unknown purchase model '{model}': bgnbd or paretonbd", nameof(model)),
    };

    private static ModelFit<IRepeatPurchaseModel> Widen<T>(ModelFit<T> fit)
        where T : IRepeatPurchaseModel =>
        new(fit.Model, fit.Customers, fit.LogLikelihood, fit.Converged, fit.Iterations, fit.Optimizer, fit.StandardErrors, fit.Note);
}
