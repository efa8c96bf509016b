using Kith.Core.Clv;

namespace Kith.Data.Clv;

/// <summary>What <c>kith clv score</c> stores: per customer (by store id) the scores, and the fits they came from.</summary>
public sealed record CustomerPredictions(
    DateOnly AsOf,
    string Model,
    int HorizonDays,
    long[] CustomerIds,
    ClvScore[] Scores,
    ModelFit<IRepeatPurchaseModel> Purchases,
    ModelFit<GammaGammaModel> Spend)
{
    public int Count => CustomerIds.Length;
}
