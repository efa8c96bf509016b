namespace Kith.Core.Recommendations;

/// <summary>
/// Item-to-item collaborative filtering (co-purchase / co-view): each item keeps its top-N most similar items by
/// cosine or Jaccard over the users who interacted with both, with shrinkage; a user's score for j is the sum of the
/// similarities of j to the user's items. Fitting costs Σ over users of (items per user)², spread over the cores;
/// memory is items × N. Immutable after <see cref="Fit"/>; thread-safe.
/// </summary>
public sealed class ItemKnnModel : IRecommender
{
    private readonly InteractionMatrix _train;

    private ItemKnnModel(InteractionMatrix train, ItemNeighbours neighbours)
    {
        _train = train;
        Neighbours = neighbours;
    }

    public string Name => "item-knn";

    /// <summary>The precomputed neighbour lists (to hold in memory for serving).</summary>
    public ItemNeighbours Neighbours { get; }

    public static ItemKnnModel Fit(InteractionMatrix train, ItemKnnOptions? options = null, CancellationToken ct = default)
    {
        options ??= new ItemKnnOptions();
        var x = options.Binary ? train.Binary() : train;
        var byItem = x.Transpose();
        var norms = new float[x.ItemCount];
        for (var i = 0; i < x.ItemCount; i++)
        {
            var w = byItem.WeightsOf(i);
            norms[i] = options.Measure == SimilarityMeasure.Cosine ? MathF.Sqrt(Dot(w, w)) : w.Length;
        }

        var rows = new ScoredItem[x.ItemCount][];
        Parallel.For(0, x.ItemCount, new ParallelOptions { CancellationToken = ct },
            () => (Co: new float[x.ItemCount], Touched: new List<int>()),
            (i, _, acc) =>
            {
                var users = byItem.ItemsOf(i);
                var wi = byItem.WeightsOf(i);
                var sums = acc.Co;
                for (var p = 0; p < users.Length; p++)
                {
                    var items = x.ItemsOf(users[p]);
                    if (options.Binary)
                    {
                        // Every weight is 1: the weights are not read (half the memory traffic; the same sums).
                        foreach (var j in items)
                        {
                            if (sums[j] == 0f)
                            {
                                acc.Touched.Add(j);
                            }

                            sums[j] += 1f;
                        }

                        continue;
                    }

                    var wu = x.WeightsOf(users[p]);
                    for (var q = 0; q < items.Length; q++)
                    {
                        if (sums[items[q]] == 0f)
                        {
                            acc.Touched.Add(items[q]);
                        }

                        sums[items[q]] += wi[p] * wu[q];
                    }
                }

                foreach (var j in acc.Touched)
                {
                    var co = acc.Co[j];
                    acc.Co[j] = j == i ? float.NaN : options.Measure == SimilarityMeasure.Cosine
                        ? co / (norms[i] * norms[j] + options.Shrinkage)
                        : co / (norms[i] + norms[j] - co + options.Shrinkage);
                }

                rows[i] = TopK.Select(acc.Co, options.Neighbours, null, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(acc.Touched), allItems: false);
                foreach (var j in acc.Touched)
                {
                    acc.Co[j] = 0f;
                }

                acc.Touched.Clear();
                return acc;
            },
            _ => { });
        return new ItemKnnModel(x, ItemNeighbours.FromRows(rows));
    }

    public IReadOnlyList<ScoredItem> Recommend(int user, int k, Func<int, bool>? exclude = null) =>
        user < 0 || user >= _train.Users ? [] : Neighbours.Recommend(_train.ItemsOf(user), _train.WeightsOf(user), k, exclude);

    public IReadOnlyList<ScoredItem> SimilarItems(int item, int k) => Neighbours.Top(item, k);

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
