namespace Kith.Core.Recommendations;

/// <summary>
/// A fitted recommendation model. Implementations are immutable after fitting and safe to call from many threads;
/// user and item ids are those of the <see cref="InteractionMatrix"/> the model was fitted on.
/// </summary>
public interface IRecommender
{
    /// <summary>Short stable name, as in the evaluation output: <c>popularity</c>, <c>item-knn</c>, <c>als</c>, …</summary>
    string Name { get; }

    /// <summary>
    /// Up to <paramref name="k"/> items for the user, best first, skipping items for which <paramref name="exclude"/>
    /// is true (already bought, out of stock, not allowed by tier). A user the model knows nothing about gets an empty list;
    /// callers fall back to <see cref="PopularityModel"/>.
    /// </summary>
    IReadOnlyList<ScoredItem> Recommend(int user, int k, Func<int, bool>? exclude = null);

    /// <summary>Up to <paramref name="k"/> items most like <paramref name="item"/> (not itself), best first.</summary>
    IReadOnlyList<ScoredItem> SimilarItems(int item, int k);
}
