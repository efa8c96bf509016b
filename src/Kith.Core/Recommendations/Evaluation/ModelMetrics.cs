namespace Kith.Core.Recommendations.Evaluation;

/// <summary>
/// One model's offline result at K: precision, recall, hit rate and NDCG averaged over the evaluated users, and
/// catalogue coverage (distinct recommended items / items in the training catalogue). All in 0..1.
/// </summary>
public sealed record ModelMetrics(string Model, int K, int Users, double Precision, double Recall, double HitRate, double Ndcg, double Coverage);
