using Kith.Core.Churn;
using Kith.Core.Value;
using Kith.Data.Store;
using Kith.Data.Value;

namespace Kith.Data.Churn;

/// <summary>
/// <c>kith churn train</c> and <c>kith churn score</c> without the console (docs/clv.md, "Churn warning"): a time-based
/// split (features and labels at a training cut-off, evaluation at a later one), the model kept in <c>churn_models</c>,
/// and scores written into <c>customer_predictions</c>.
/// </summary>
public static class ChurnTrainer
{
    /// <summary>Trains at <paramref name="trainCutoff"/>, tests at <paramref name="testCutoff"/> (default: train cut-off + horizon) and saves the model.</summary>
    public static async Task<ChurnTraining> TrainAsync(KithStore store, TimeZoneInfo zone, DateOnly trainCutoff, DateOnly? testCutoff, int horizonDays, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(time);
        var test = testCutoff ?? trainCutoff.AddDays(horizonDays);
        if (test.DayNumber < trainCutoff.DayNumber + horizonDays)
        {
            throw new ArgumentException($"the test cut-off {test:yyyy-MM-dd} must be at least the horizon ({horizonDays} days) after the training cut-off {trainCutoff:yyyy-MM-dd}, so that no training label looks past it");
        }

        var facts = await OrderFactsLoader.LoadAsync(store, zone, null, ct);
        if (facts.OrderCount == 0)
        {
            throw new ArgumentException("no paid orders: the churn model needs a purchase history");
        }

        var lastDay = DateOnly.FromDayNumber(facts.Day.Max());
        if (test.AddDays(horizonDays) > lastDay)
        {
            throw new ArgumentException(
                $"the labels of the test cut-off {test:yyyy-MM-dd} need orders observed through {test.AddDays(horizonDays):yyyy-MM-dd}, but the latest paid order is on {lastDay:yyyy-MM-dd}; choose earlier cut-offs or a shorter horizon");
        }

        var trainSet = await ExamplesAsync(store, facts, zone, trainCutoff, horizonDays, paretoNbd: false, ct);
        var testSet = await ExamplesAsync(store, facts, zone, test, horizonDays, paretoNbd: true, ct);
        var training = ChurnClassifier.Train(trainSet.Examples, testSet.Examples);
        await ChurnModelStore.SaveAsync(store, new ChurnModelRow
        {
            TrainedAt = time.GetUtcNow(),
            TrainCutoff = trainCutoff,
            TestCutoff = test,
            HorizonDays = horizonDays,
            Auc = training.Auc,
            BaselineAuc = training.BaselineAuc,
            Model = training.Model,
        }, ct);
        return training;
    }

    /// <summary>Scores every customer who bought on or before <paramref name="asOf"/> with the saved model and writes the risks.</summary>
    public static async Task<ChurnScoring> ScoreAsync(KithStore store, TimeZoneInfo zone, DateOnly asOf, CancellationToken ct)
    {
        var saved = await ChurnModelStore.LoadAsync(store, ct)
            ?? throw new ArgumentException("no churn model in the store: run kith churn train first");
        var facts = await OrderFactsLoader.LoadAsync(store, zone, null, ct);
        var (customers, examples) = await ExamplesAsync(store, facts, zone, asOf, saved.HorizonDays, paretoNbd: false, ct);
        var risk = ChurnClassifier.Score(saved.Model, examples);
        var ids = customers.Select(c => facts.CustomerIds[c]).ToArray();
        var written = await ChurnRiskWriter.WriteAsync(store, ids, risk, ct);
        var bands = risk.GroupBy(r => ChurnBand.Of(r)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new ChurnScoring(asOf, saved.HorizonDays, ids.Length, written, bands);
    }

    private static async Task<(int[] Customers, ChurnExample[] Examples)> ExamplesAsync(KithStore store, OrderFacts facts, TimeZoneInfo zone, DateOnly cutoff, int horizonDays, bool paretoNbd, CancellationToken ct)
    {
        var events = await ChurnEventCounter.CountAsync(store, facts, zone, cutoff, ct);
        return ChurnFeatures.Build(facts, cutoff, horizonDays, events, paretoNbd);
    }
}
