namespace Kith.Core.Recommendations.Evaluation;

/// <summary>
/// Builds <see cref="HoldoutData"/> from raw feedback. User and item ids come from the training part only: a held-out
/// item the training data never saw cannot be recommended by any model and is dropped, as is a held-out item the user
/// already has in training (the top K excludes those); a user without training history is not evaluated (cold start).
/// </summary>
public static class HoldoutSplit
{
    /// <summary>Given train and test parts (e.g. GroupLens' ua.base / ua.test).</summary>
    public static HoldoutData Of(IEnumerable<FeedbackEvent> train, IEnumerable<FeedbackEvent> test)
    {
        var users = new IdMap();
        var items = new IdMap();
        var interactions = new List<Interaction>();
        foreach (var e in train)
        {
            interactions.Add(new Interaction(users.Add(e.User), items.Add(e.Item), e.Weight));
        }

        var matrix = InteractionMatrix.Build(users.Count, items.Count, interactions);
        var relevant = new SortedSet<int>?[users.Count];
        foreach (var e in test)
        {
            if (users.TryGet(e.User, out var u) && items.TryGet(e.Item, out var i) && !matrix.Contains(u, i))
            {
                (relevant[u] ??= []).Add(i);
            }
        }

        return new HoldoutData(matrix, [.. relevant.Select(r => r is null ? [] : r.ToArray())], users, items);
    }

    /// <summary>Time split: feedback before <paramref name="splitAt"/> trains, feedback at or after it is held out.</summary>
    public static HoldoutData ByTime(IReadOnlyList<FeedbackEvent> feedback, DateTimeOffset splitAt) =>
        Of(feedback.Where(e => e.Time < splitAt), feedback.Where(e => e.Time >= splitAt));
}
