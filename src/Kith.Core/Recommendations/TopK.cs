namespace Kith.Core.Recommendations;

/// <summary>Picks the k best-scored items with a bounded min-heap; ties go to the smaller item id, so results are deterministic.</summary>
internal static class TopK
{
    /// <summary>The best <paramref name="k"/> of <c>scores[item]</c> over <paramref name="candidates"/> (all items when null).</summary>
    public static ScoredItem[] Select(ReadOnlySpan<float> scores, int k, Func<int, bool>? exclude, ReadOnlySpan<int> candidates = default, bool allItems = true)
    {
        if (k <= 0)
        {
            return [];
        }

        var heap = new PriorityQueue<int, (float Score, int NegItem)>(k + 1);
        var count = allItems ? scores.Length : candidates.Length;
        for (var n = 0; n < count; n++)
        {
            var item = allItems ? n : candidates[n];
            var score = scores[item];
            if (float.IsNaN(score) || (exclude is not null && exclude(item)))
            {
                continue;
            }

            if (heap.Count < k)
            {
                heap.Enqueue(item, (score, -item));
            }
            else if (heap.TryPeek(out _, out var worst) && (score > worst.Score || (score == worst.Score && -item > worst.NegItem)))
            {
                heap.EnqueueDequeue(item, (score, -item));
            }
        }

        var result = new ScoredItem[heap.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            heap.TryDequeue(out var item, out var p);
            result[i] = new ScoredItem(item, p.Score);
        }

        return result;
    }
}
