using Kith.Core.Churn;
using Kith.Core.Clv;
using Kith.Data.Churn;
using Kith.Data.Clv;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Data.Tests.Churn;

/// <summary>
/// The churn warning on the full CDNOW master file (23,570 customers): trained at 1997-09-30, tested at 1997-12-31,
/// 90-day horizon. ML.NET's AUCs are checked against a rank (Mann–Whitney) AUC computed here on the same scores.
/// </summary>
public class ChurnTrainerTests
{
    private static readonly DateOnly TrainCutoff = new(1997, 9, 30);
    private static readonly DateOnly TestCutoff = new(1997, 12, 31);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>P(score of a churned customer &gt; score of an active one), ties counting one half, from average ranks.</summary>
    internal static double RankAuc(float[] scores, bool[] labels)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = (i + j + 2) / 2.0; // ranks are 1-based: the mean of i+1 .. j+1
            }

            i = j + 1;
        }

        double positives = labels.Count(l => l), negatives = labels.Length - positives;
        var rankSum = Enumerable.Range(0, labels.Length).Where(i => labels[i]).Sum(i => ranks[i]);
        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Train_on_cdnow_beats_chance_and_reports_aucs_equal_to_the_rank_auc(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        await new FileImporter(store, TimeProvider.System).ImportAsync(new ImportOptions(TestFiles.CdnowMaster, ImportKind.Orders) { Format = ImportFormat.Cdnow }, null, null, Ct);

        var training = await ChurnTrainer.TrainAsync(store, TimeZoneInfo.Utc, TrainCutoff, TestCutoff, 90, TimeProvider.System, Ct);

        TestContext.Current.SendDiagnosticMessage($"CDNOW churn: AUC {training.Auc:F4}, baseline {training.BaselineAuc:F4}, train {training.TrainCustomers}, test {training.TestCustomers}, churn rates {training.TrainChurnRate:P1} / {training.TestChurnRate:P1}");
        Assert.Equal(23_570, training.TrainCustomers); // every CDNOW customer first bought in the first quarter of 1997
        Assert.Equal(23_570, training.TestCustomers);
        Assert.Equal(RankAuc(training.TestScores, training.TestLabels), training.Auc, 1e-6);
        Assert.Equal(RankAuc(training.TestBaselineScores, training.TestLabels), training.BaselineAuc, 1e-6);
        Assert.True(training.Auc > 0.6, $"AUC {training.Auc}");
        Assert.True(training.Auc > training.BaselineAuc, $"AUC {training.Auc} vs baseline {training.BaselineAuc}");
        Assert.NotNull(await ChurnModelStore.LoadAsync(store, Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Score_writes_a_risk_and_its_band_into_every_prediction_row(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        await new FileImporter(store, TimeProvider.System).ImportAsync(new ImportOptions(TestFiles.CdnowSample, ImportKind.Orders) { Format = ImportFormat.CdnowSample }, null, null, Ct);
        await ChurnTrainer.TrainAsync(store, TimeZoneInfo.Utc, TrainCutoff, TestCutoff, 90, TimeProvider.System, Ct);
        var asOf = new DateOnly(1998, 3, 31);
        await CustomerPredictionScorer.ScoreAndStoreAsync(store, TimeZoneInfo.Utc, "bgnbd", asOf, ClvTimeUnit.Week, new ClvOptions(), Ct);

        var scoring = await ChurnTrainer.ScoreAsync(store, TimeZoneInfo.Utc, asOf, Ct);

        await using var db = store.CreateContext();
        var rows = await db.CustomerPredictions.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(2_357, scoring.Scored);
        Assert.Equal(rows.Count, scoring.Written);
        Assert.All(rows, r =>
        {
            Assert.InRange(r.ChurnRisk!.Value, 0, 1);
            Assert.Equal(r.ChurnRisk >= 0.8 ? "high" : r.ChurnRisk >= 0.5 ? "medium" : "low", r.ChurnBand);
        });
        Assert.Equal(rows.Count, scoring.Bands.Values.Sum());
        Assert.True(scoring.Bands.Count >= 2, string.Join(", ", scoring.Bands));
    }
}
