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
        // The heap's worst entry, cached once the heap is full: most candidates lose to it and never touch the heap.
        var (full, worstScore, worstNegItem) = (false, 0f, 0);
        for (var n = 0; n < count; n++)
        {
            var item = allItems ? n : candidates[n];
            var score = scores[item];
            if (float.IsNaN(score) || (full && (score < worstScore || (score == worstScore && -item <= worstNegItem))) || (exclude is not null && exclude(item)))
            {
                continue;
            }

            if (heap.Count < k)
            {
                heap.Enqueue(item, (score, -item));
            }
            else
            {
                heap.EnqueueDequeue(item, (score, -item));
            }

            if (heap.Count == k)
            {
                heap.TryPeek(out _, out var worst);
                (full, worstScore, worstNegItem) = (true, worst.Score, worst.NegItem);
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
