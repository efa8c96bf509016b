using Microsoft.ML;
using Microsoft.ML.Data;

namespace Kith.Core.Churn;

/// <summary>
/// The churn classifier: ML.NET FastTree (boosted trees, binary, Platt-calibrated probability) on the features of
/// <see cref="ChurnExample"/>. Deterministic for a given seed (one thread, fixed seed).
/// </summary>
public static class ChurnClassifier
{
    private static readonly string[] FeatureColumns =
    [
        nameof(ChurnExample.RecencyDays), nameof(ChurnExample.Frequency), nameof(ChurnExample.Monetary), nameof(ChurnExample.Purchases90Days),
        nameof(ChurnExample.TenureDays), nameof(ChurnExample.ProbabilityAlive), nameof(ChurnExample.Events30Days),
    ];

    private sealed class Scored
    {
        public float Probability { get; set; }
    }

    private sealed class BaselineRow
    {
        public bool Label { get; set; }
        public float Score { get; set; }

        /// <summary>The evaluator insists on one; AUC does not use it.</summary>
        public bool PredictedLabel { get; set; }
    }

    /// <summary>
    /// Trains on <paramref name="train"/> and evaluates on <paramref name="test"/> (a later cut-off), against the
    /// baselines 1 − P(alive) of BG/NBD and of Pareto/NBD.
    /// </summary>
    public static ChurnTraining Train(IReadOnlyList<ChurnExample> train, IReadOnlyList<ChurnExample> test, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        RequireBothClasses(train, "training");
        RequireBothClasses(test, "test");
        if (test.Any(e => float.IsNaN(e.ProbabilityAliveParetoNbd)))
        {
            throw new ArgumentException("the test examples need the Pareto/NBD P(alive) for its baseline (ChurnFeatures.Build with paretoNbd: true)", nameof(test));
        }

        var ml = new MLContext(seed);
        var pipeline = ml.Transforms.Concatenate("Features", FeatureColumns)
            .Append(ml.BinaryClassification.Trainers.FastTree(new Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer.Options
            {
                LabelColumnName = nameof(ChurnExample.Label),
                FeatureColumnName = "Features",
                NumberOfTrees = 100,
                NumberOfLeaves = 16,
                MinimumExampleCountPerLeaf = 20,
                LearningRate = 0.1,
                NumberOfThreads = 1,
            }));
        var trainData = ml.Data.LoadFromEnumerable(train);
        var model = pipeline.Fit(trainData);
        var testData = ml.Data.LoadFromEnumerable(test);
        var predictions = model.Transform(testData);
        var metrics = ml.BinaryClassification.Evaluate(predictions, nameof(ChurnExample.Label));
        var scores = ml.Data.CreateEnumerable<Scored>(predictions, reuseRowObject: false).Select(s => s.Probability).ToArray();

        var (baselineAuc, baselineScores) = BaselineAuc(ml, test, e => e.ProbabilityAlive);
        var (paretoAuc, paretoScores) = BaselineAuc(ml, test, e => e.ProbabilityAliveParetoNbd);

        using var zip = new MemoryStream();
        ml.Model.Save(model, trainData.Schema, zip);
        return new ChurnTraining(metrics.AreaUnderRocCurve, baselineAuc, paretoAuc, train.Count, test.Count,
            train.Count(e => e.Label) / (double)train.Count, test.Count(e => e.Label) / (double)test.Count,
            scores, baselineScores, paretoScores, test.Select(e => e.Label).ToArray(), zip.ToArray());
    }

    /// <summary>AUC of the score 1 − P(alive) (uncalibrated), and the scores.</summary>
    private static (double Auc, float[] Scores) BaselineAuc(MLContext ml, IReadOnlyList<ChurnExample> test, Func<ChurnExample, float> probabilityAlive)
    {
        var rows = test.Select(e => new BaselineRow { Label = e.Label, Score = 1 - probabilityAlive(e), PredictedLabel = probabilityAlive(e) < 0.5f }).ToArray();
        var metrics = ml.BinaryClassification.EvaluateNonCalibrated(ml.Data.LoadFromEnumerable(rows), nameof(BaselineRow.Label), nameof(BaselineRow.Score));
        return (metrics.AreaUnderRocCurve, rows.Select(r => r.Score).ToArray());
    }

    /// <summary>P(churn) of each example from a saved model (the label is ignored).</summary>
    public static float[] Score(byte[] model, IReadOnlyList<ChurnExample> examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        var ml = new MLContext(1);
        using var zip = new MemoryStream(model);
        var transformer = ml.Model.Load(zip, out _);
        var scored = transformer.Transform(ml.Data.LoadFromEnumerable(examples));
        return ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: false).Select(s => s.Probability).ToArray();
    }

    private static void RequireBothClasses(IReadOnlyList<ChurnExample> examples, string which)
    {
        var churned = examples.Count(e => e.Label);
        if (churned == 0 || churned == examples.Count)
        {
            throw new ArgumentException(
                $"every one of the {examples.Count:N0} {which} customers {(churned == 0 ? "bought again" : "churned")} within the horizon: a classifier needs both outcomes; choose another cut-off or horizon");
        }
    }
}
