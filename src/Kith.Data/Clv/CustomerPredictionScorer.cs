using Kith.Core.Clv;
using Kith.Core.Value;
using Kith.Data.Store;
using Kith.Data.Value;

namespace Kith.Data.Clv;

/// <summary>
/// <c>kith clv score</c> without the console: the purchase model (BG/NBD or Pareto/NBD) and Gamma-Gamma fitted on every
/// paid order up to the as-of day, then every customer who bought on or before it scored (docs/clv.md, "Scoring").
/// Customers whose first paid order is after the as-of day, and prospects, get no prediction row.
/// </summary>
public static class CustomerPredictionScorer
{
    /// <summary>Fits and scores from the store's order facts (pure: no I/O).</summary>
    public static CustomerPredictions Score(OrderFacts facts, string model, DateOnly asOf, ClvTimeUnit unit, ClvOptions options)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var summary = ClvSummary.Build(facts, new ClvSummaryOptions(asOf) { Unit = unit });
        var purchases = RepeatPurchaseModels.Fit(model, summary);
        var spend = GammaGammaModel.Fit(summary);
        var scores = CustomerLifetimeValue.Score(summary, purchases.Model, spend.Model, options);
        var ids = new Dictionary<string, long>(facts.CustomerCount, StringComparer.Ordinal);
        for (var c = 0; c < facts.CustomerCount; c++)
        {
            ids[facts.ExternalIds[c]] = facts.CustomerIds[c];
        }

        var customerIds = summary.CustomerIds.Select(e => ids[e]).ToArray();
        return new CustomerPredictions(asOf, model, options.HorizonDays, customerIds, scores, purchases, spend);
    }

    /// <summary>Reads the paid orders, fits, scores and replaces <c>customer_predictions</c>.</summary>
    public static async Task<CustomerPredictions> ScoreAndStoreAsync(KithStore store, TimeZoneInfo zone, string model, DateOnly asOf, ClvTimeUnit unit, ClvOptions options, CancellationToken ct)
    {
        var facts = await OrderFactsLoader.LoadAsync(store, zone, null, ct);
        var predictions = Score(facts, model, asOf, unit, options);
        await CustomerPredictionWriter.WriteAsync(store, predictions, null, ct);
        return predictions;
    }
}
