using Kith.Core.Recommendations;

namespace Kith.Data.Recommendations;

/// <summary>The store read for training: weighted feedback by customer external id and SKU, the catalogue, and who bought what.</summary>
public sealed class StoreFeedback
{
    public required IReadOnlyList<FeedbackEvent> Events { get; init; }

    /// <summary>Every product, in id order.</summary>
    public required IReadOnlyList<CatalogueItem> Catalogue { get; init; }

    /// <summary>Customer external id → SKUs in their paid, not cancelled or refunded orders.</summary>
    public required IReadOnlyDictionary<string, HashSet<string>> Purchased { get; init; }

    /// <summary>Customer external id → loyalty tier rank, for customers above the base level (rank 0).</summary>
    public IReadOnlyDictionary<string, int> TierRanks { get; init; } = new Dictionary<string, int>();

    /// <summary>Paid order lines read (0: the store has no orders yet).</summary>
    public required int PaidLines { get; init; }
}
