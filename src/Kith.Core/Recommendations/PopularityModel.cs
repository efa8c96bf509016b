namespace Kith.Core.Recommendations;

/// <summary>
/// Most popular items: an item's score is the number of distinct users who interacted with it (or the summed
/// weights, <c>weighted: true</c>, which with recency-decayed weights gives "trending"). The same list for every user —
/// the cold-start fallback. Per category: <see cref="Top"/> with an <c>exclude</c> that drops other categories.
/// Immutable; thread-safe.
/// </summary>
public sealed class PopularityModel : IRecommender
{
    private readonly InteractionMatrix _train;
    private readonly float[] _scores;
    private readonly ScoredItem[] _ranked;

    private PopularityModel(InteractionMatrix train, float[] scores)
    {
        _train = train;
        _scores = scores;
        _ranked = TopK.Select(scores, scores.Length, null);
    }

    public string Name => "popularity";

    public static PopularityModel Fit(InteractionMatrix train, bool weighted = false)
    {
        var scores = new float[train.ItemCount];
        for (var p = 0; p < train.NonZeros; p++)
        {
            scores[train.Columns[p]] += weighted ? train.Values[p] : 1f;
        }

        return new PopularityModel(train, scores);
    }

    /// <summary>Score of one item (users, or summed weight).</summary>
    public float ScoreOf(int item) => _scores[item];

    /// <summary>The k most popular items for which <paramref name="exclude"/> is false.</summary>
    public IReadOnlyList<ScoredItem> Top(int k, Func<int, bool>? exclude = null)
    {
        var result = new List<ScoredItem>(Math.Max(0, Math.Min(k, _ranked.Length)));
        foreach (var s in _ranked)
        {
            if (result.Count >= k)
            {
                break;
            }

            if (s.Score > 0 && (exclude is null || !exclude(s.Item)))
            {
                result.Add(s);
            }
        }

        return result;
    }

    public IReadOnlyList<ScoredItem> Recommend(int user, int k, Func<int, bool>? exclude = null)
    {
        if (user < 0 || user >= _train.Users)
        {
            return Top(k, exclude);
        }

        var own = _train.ItemsOf(user).ToArray();
        return Top(k, i => Array.BinarySearch(own, i) >= 0 || (exclude is not null && exclude(i)));
    }

    /// <summary>Popularity has no notion of likeness: the most popular other items.</summary>
    public IReadOnlyList<ScoredItem> SimilarItems(int item, int k) => Top(k, i => i == item);
}
