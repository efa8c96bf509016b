namespace Kith.Core.Recommendations.Evaluation;

/// <summary>
/// Top-K ranking metrics for one user, binary relevance (docs/recommendations.md). <c>ranked</c> is the model's list,
/// best first (at most K long); <c>relevant</c> the user's held-out items. Pure functions.
/// </summary>
public static class RankingMetrics
{
    /// <summary>Relevant items in the top K, divided by K (not by the list's length: a short list is penalised).</summary>
    public static double Precision(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k) =>
        (double)Hits(ranked, relevant, k) / k;

    /// <summary>Relevant items in the top K, divided by the number of relevant items (0 when there are none).</summary>
    public static double Recall(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k) =>
        relevant.Count == 0 ? 0 : (double)Hits(ranked, relevant, k) / relevant.Count;

    /// <summary>1 when at least one relevant item is in the top K, else 0.</summary>
    public static double HitRate(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k) =>
        Hits(ranked, relevant, k) > 0 ? 1 : 0;

    /// <summary>
    /// DCG / IDCG with gain 1 for a relevant item: DCG = Σ over ranks r = 1..K holding a relevant item of 1 / log₂(r + 1);
    /// IDCG is the DCG of min(|relevant|, K) relevant items at the top.
    /// </summary>
    public static double Ndcg(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        if (relevant.Count == 0)
        {
            return 0;
        }

        double dcg = 0;
        for (var r = 0; r < Math.Min(k, ranked.Count); r++)
        {
            if (relevant.Contains(ranked[r]))
            {
                dcg += 1 / Math.Log2(r + 2);
            }
        }

        double ideal = 0;
        for (var r = 0; r < Math.Min(k, relevant.Count); r++)
        {
            ideal += 1 / Math.Log2(r + 2);
        }

        return dcg / ideal;
    }

    /// <summary>Distinct items recommended to anyone, divided by the catalogue size.</summary>
    public static double Coverage(IEnumerable<IReadOnlyList<int>> lists, int catalogueSize) =>
        catalogueSize == 0 ? 0 : (double)lists.SelectMany(l => l).Distinct().Count() / catalogueSize;

    private static int Hits(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var hits = 0;
        for (var r = 0; r < Math.Min(k, ranked.Count); r++)
        {
            if (relevant.Contains(ranked[r]))
            {
                hits++;
            }
        }

        return hits;
    }
}
