namespace Kith.Core.Recommendations;

/// <summary>
/// What may be shown, per item id: out-of-stock items and items the customer's tier may not see are never shown;
/// items the customer already bought are not shown again unless they are consumables (coffee beans, filters).
/// Arrays are indexed by item id; a null array means "no item is". Immutable; thread-safe.
/// </summary>
public sealed record CandidateFilter(bool[]? OutOfStock = null, bool[]? Consumable = null)
{
    /// <summary>
    /// The exclude predicate for one customer, for <see cref="IRecommender.Recommend"/>. <paramref name="bought"/> are the
    /// customer's purchased item ids, sorted; <paramref name="hiddenFromTier"/> says whether the customer's tier may not see an item.
    /// </summary>
    public Func<int, bool> For(int[] bought, Func<int, bool>? hiddenFromTier = null) => item =>
        (OutOfStock is not null && OutOfStock[item])
        || (hiddenFromTier is not null && hiddenFromTier(item))
        || (Array.BinarySearch(bought, item) >= 0 && (Consumable is null || !Consumable[item]));
}
