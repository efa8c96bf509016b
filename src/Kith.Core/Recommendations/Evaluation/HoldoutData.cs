namespace Kith.Core.Recommendations.Evaluation;

/// <summary>
/// A train/test split in the training matrix's id space: <see cref="Relevant"/>[u] holds user u's held-out items
/// (sorted, none of them in u's training row, all known to the training catalogue); users with an empty list are
/// not evaluated.
/// </summary>
public sealed record HoldoutData(InteractionMatrix Train, int[][] Relevant, IdMap Users, IdMap Items)
{
    /// <summary>Users with at least one relevant held-out item.</summary>
    public int EvaluatedUsers => Relevant.Count(r => r.Length > 0);
}
