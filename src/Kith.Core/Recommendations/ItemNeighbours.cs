namespace Kith.Core.Recommendations;

/// <summary>
/// Precomputed top-N neighbour lists, one per item (compressed rows: <c>Items[Start[i]..Start[i+1]]</c>, best first),
/// small enough to hold in memory for serving: items × N entries, never a dense items × items matrix.
/// Immutable; safe to read from many threads.
/// </summary>
public sealed class ItemNeighbours(int[] start, int[] items, float[] similarities)
{
    public int ItemCount => start.Length - 1;

    public ReadOnlySpan<int> Of(int item) => items.AsSpan(start[item], start[item + 1] - start[item]);

    public ReadOnlySpan<float> SimilaritiesOf(int item) => similarities.AsSpan(start[item], start[item + 1] - start[item]);

    /// <summary>The first <paramref name="k"/> neighbours of the item.</summary>
    public IReadOnlyList<ScoredItem> Top(int item, int k)
    {
        var n = Of(item);
        var s = SimilaritiesOf(item);
        var result = new ScoredItem[Math.Min(Math.Max(k, 0), n.Length)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new ScoredItem(n[i], s[i]);
        }

        return result;
    }

    /// <summary>
    /// Σ over the user's items i of weight(u, i) × sim(i, j), for j among the neighbours of those items; the k best
    /// excluding the user's own items and <paramref name="exclude"/>.
    /// </summary>
    public IReadOnlyList<ScoredItem> Recommend(ReadOnlySpan<int> userItems, ReadOnlySpan<float> userWeights, int k, Func<int, bool>? exclude)
    {
        // Neighbour similarities are positive, so a zero score marks an item not reached yet.
        var dense = new float[ItemCount];
        var candidates = new List<int>();
        for (var p = 0; p < userItems.Length; p++)
        {
            var n = Of(userItems[p]);
            var s = SimilaritiesOf(userItems[p]);
            for (var q = 0; q < n.Length; q++)
            {
                if (dense[n[q]] == 0f)
                {
                    candidates.Add(n[q]);
                }

                dense[n[q]] += userWeights[p] * s[q];
            }
        }

        for (var p = 0; p < userItems.Length; p++)
        {
            dense[userItems[p]] = float.NaN; // TopK skips NaN: never recommend what the user already has
        }

        return TopK.Select(dense, k, exclude, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(candidates), allItems: false);
    }

    /// <summary>Builds the lists from one row of candidates per item, already sorted best first.</summary>
    internal static ItemNeighbours FromRows(ScoredItem[][] rows)
    {
        var start = new int[rows.Length + 1];
        for (var i = 0; i < rows.Length; i++)
        {
            start[i + 1] = start[i] + rows[i].Length;
        }

        var items = new int[start[^1]];
        var sims = new float[start[^1]];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < rows[i].Length; j++)
            {
                items[start[i] + j] = rows[i][j].Item;
                sims[start[i] + j] = rows[i][j].Score;
            }
        }

        return new ItemNeighbours(start, items, sims);
    }
}
