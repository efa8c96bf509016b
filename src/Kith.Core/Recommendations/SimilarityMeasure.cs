namespace Kith.Core.Recommendations;

/// <summary>How two items' user sets are compared in item-to-item collaborative filtering.</summary>
public enum SimilarityMeasure
{
    /// <summary>x·y / (‖x‖ ‖y‖ + shrinkage), on the weighted user vectors.</summary>
    Cosine,

    /// <summary>|X ∩ Y| / (|X ∪ Y| + shrinkage), on the sets of users.</summary>
    Jaccard,
}
