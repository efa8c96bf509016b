using System.Runtime.InteropServices;

namespace Kith.Core.Recommendations;

/// <summary>
/// Content-based similarity: items are TF-IDF vectors of their attribute tokens (<see cref="ItemAttributes.Features"/>),
/// each item keeps its top-N by cosine through an inverted index (no items × items matrix), and a user's score for j
/// is the weighted sum of j's similarity to the user's items — the same scoring as <see cref="ItemKnnModel"/>. Works
/// for items nobody bought yet. Immutable after <see cref="Fit"/>; thread-safe.
/// </summary>
public sealed class ContentModel : IRecommender
{
    private readonly InteractionMatrix _train;

    private ContentModel(InteractionMatrix train, ItemNeighbours neighbours)
    {
        _train = train;
        Neighbours = neighbours;
    }

    public string Name => "content";

    public ItemNeighbours Neighbours { get; }

    /// <summary><paramref name="features"/>[i] holds item i's tokens; its length must be the matrix's item count.</summary>
    public static ContentModel Fit(InteractionMatrix train, IReadOnlyList<IReadOnlyList<string>> features, ContentOptions? options = null, CancellationToken ct = default)
    {
        options ??= new ContentOptions();
        ArgumentOutOfRangeException.ThrowIfNotEqual(features.Count, train.ItemCount, nameof(features));
        var n = features.Count;
        var ids = new IdMap();
        var itemTokens = features.Select(f => f.Select(ids.Add).Distinct().Order().ToArray()).ToArray();
        var postings = new List<int>[ids.Count];
        for (var i = 0; i < n; i++)
        {
            foreach (var t in itemTokens[i])
            {
                (postings[t] ??= []).Add(i);
            }
        }

        var maxDf = Math.Max(2, (int)(options.MaxFeatureShare * n));
        var idf = postings.Select(p => p.Count > maxDf ? 0f : (float)Math.Log((double)n / p.Count)).ToArray();
        var norms = itemTokens.Select(ts => MathF.Sqrt(ts.Sum(t => idf[t] * idf[t]))).ToArray();

        var rows = new ScoredItem[n][];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct },
            () => (Dot: new float[n], Touched: new List<int>()),
            (i, _, acc) =>
            {
                foreach (var t in itemTokens[i])
                {
                    if (idf[t] == 0f)
                    {
                        continue;
                    }

                    foreach (var j in postings[t])
                    {
                        if (j != i)
                        {
                            if (acc.Dot[j] == 0f)
                            {
                                acc.Touched.Add(j);
                            }

                            acc.Dot[j] += idf[t] * idf[t];
                        }
                    }
                }

                foreach (var j in acc.Touched)
                {
                    acc.Dot[j] /= norms[i] * norms[j];
                }

                rows[i] = TopK.Select(acc.Dot, options.Neighbours, null, CollectionsMarshal.AsSpan(acc.Touched), allItems: false);
                foreach (var j in acc.Touched)
                {
                    acc.Dot[j] = 0f;
                }

                acc.Touched.Clear();
                return acc;
            },
            _ => { });
        return new ContentModel(train, ItemNeighbours.FromRows(rows));
    }

    public IReadOnlyList<ScoredItem> Recommend(int user, int k, Func<int, bool>? exclude = null) =>
        user < 0 || user >= _train.Users ? [] : Neighbours.Recommend(_train.ItemsOf(user), _train.WeightsOf(user), k, exclude);

    public IReadOnlyList<ScoredItem> SimilarItems(int item, int k) => Neighbours.Top(item, k);
}
