namespace Kith.Core.Recommendations.Evaluation;

/// <summary>
/// Scores fitted models on held-out data, the same way for every model: each evaluated user gets the model's top K,
/// excluding the items in the user's training row; precision, recall, hit rate and NDCG at K (<see cref="RankingMetrics"/>)
/// are averaged over users with at least one relevant held-out item; coverage counts the distinct items in all those lists.
/// </summary>
public static class OfflineEvaluation
{
    public static ModelMetrics Evaluate(IRecommender model, HoldoutData data, int k, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var users = Enumerable.Range(0, data.Relevant.Length).Where(u => data.Relevant[u].Length > 0).ToArray();
        var lists = new IReadOnlyList<int>[users.Length];
        var per = new (double P, double R, double H, double N)[users.Length];
        Parallel.For(0, users.Length, new ParallelOptions { CancellationToken = ct }, n =>
        {
            var u = users[n];
            // Models exclude the user's training items themselves; this is the standard protocol, kept explicit here.
            var train = data.Train;
            var ranked = model.Recommend(u, k, i => train.Contains(u, i)).Select(s => s.Item).ToArray();
            var relevant = new HashSet<int>(data.Relevant[u]);
            lists[n] = ranked;
            per[n] = (RankingMetrics.Precision(ranked, relevant, k), RankingMetrics.Recall(ranked, relevant, k),
                RankingMetrics.HitRate(ranked, relevant, k), RankingMetrics.Ndcg(ranked, relevant, k));
        });

        // Summed in user order so that the result does not depend on thread scheduling.
        double p = 0, r = 0, h = 0, nd = 0;
        foreach (var x in per)
        {
            (p, r, h, nd) = (p + x.P, r + x.R, h + x.H, nd + x.N);
        }

        var count = Math.Max(users.Length, 1);
        return new ModelMetrics(model.Name, k, users.Length, p / count, r / count, h / count, nd / count,
            RankingMetrics.Coverage(lists, data.Train.ItemCount));
    }
}
