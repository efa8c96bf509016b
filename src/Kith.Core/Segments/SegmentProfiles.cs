namespace Kith.Core.Segments;

/// <summary>A text column stored as codes into a small dictionary (−1 = no value).</summary>
public sealed record CodedColumn(int[] Codes, string[] Values)
{
    public int CodeOf(string value) => Array.IndexOf(Values, value);

    public string? ValueAt(int i) => Codes[i] < 0 ? null : Values[Codes[i]];

    public static CodedColumn From(IReadOnlyList<string?> values)
    {
        var dictionary = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new int[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            if (v is null)
            {
                codes[i] = -1;
            }
            else if (!dictionary.TryGetValue(v, out codes[i]))
            {
                codes[i] = dictionary[v] = dictionary.Count;
            }
        }

        return new CodedColumn(codes, [.. dictionary.OrderBy(kv => kv.Value).Select(kv => kv.Key)]);
    }
}

/// <summary>
/// Every (not erased) customer as columns in memory, for counting segments while an operator types. Position i
/// is the same customer in every column. Days are day numbers (<see cref="DateOnly.DayNumber"/>) in the store's
/// time zone; <see cref="MissingDay"/> marks no value. Loaded by Kith.Data's <c>SegmentProfilesLoader</c>.
/// </summary>
public sealed class SegmentProfiles
{
    public const int MissingDay = int.MinValue;

    /// <summary>"Today" for windows and date fields.</summary>
    public required DateOnly AsOf { get; init; }

    public required long[] CustomerIds { get; init; }

    public int Count => CustomerIds.Length;

    /// <summary>Recency, orders, spend, R, F, M from the last recompute (<c>customer_values</c>); NaN = no value.</summary>
    public required double[] RecencyDays { get; init; }
    public required double[] Orders { get; init; }
    public required double[] Spend { get; init; }
    public required double[] RScore { get; init; }
    public required double[] FScore { get; init; }
    public required double[] MScore { get; init; }

    /// <summary>CLV, P(alive) and churn risk from <c>customer_predictions</c>; NaN = no prediction row (or no churn score).</summary>
    public required double[] Clv { get; init; }
    public required double[] PAlive { get; init; }
    public required double[] ChurnRisk { get; init; }

    /// <summary>low, medium or high from <c>customer_predictions</c>; missing without a churn score.</summary>
    public required CodedColumn ChurnBand { get; init; }

    public required CodedColumn Lifecycle { get; init; }
    public required CodedColumn Tier { get; init; }
    public required CodedColumn RfmGroup { get; init; }

    /// <summary>Lower case, as written in rules (female, male, other, unknown).</summary>
    public required CodedColumn Gender { get; init; }
    public required CodedColumn Country { get; init; }
    public required CodedColumn Region { get; init; }
    public required CodedColumn City { get; init; }
    public required CodedColumn SourceChannel { get; init; }

    public required bool[] ConsentEmail { get; init; }
    public required bool[] ConsentSms { get; init; }
    public required bool[] ConsentPush { get; init; }
    public required bool[] ConsentWeChat { get; init; }

    public required int[] RegisteredDay { get; init; }

    /// <summary>Day of the first paid order on or before <see cref="AsOf"/>.</summary>
    public required int[] FirstPurchaseDay { get; init; }

    /// <summary>Month × 100 + day of the birthday; 0 = unknown.</summary>
    public required short[] Birthday { get; init; }

    /// <summary>Tag → positions of the customers who have it, increasing.</summary>
    public required IReadOnlyDictionary<string, int[]> Tags { get; init; }

    public required string[] ProductSkus { get; init; }

    /// <summary>Category path per product (same order as <see cref="ProductSkus"/>); null = none.</summary>
    public required string?[] ProductCategories { get; init; }

    /// <summary>Paid order lines on or before <see cref="AsOf"/>, sorted by day: day, customer position, product position.</summary>
    public required int[] PurchaseDay { get; init; }
    public required int[] PurchaseCustomer { get; init; }
    public required int[] PurchaseProduct { get; init; }

    /// <summary>Events of the last <see cref="SegmentFields.MaxWindowDays"/> days up to <see cref="AsOf"/>, sorted by day; product −1 = none.</summary>
    public required int[] EventDay { get; init; }
    public required int[] EventCustomer { get; init; }
    public required int[] EventType { get; init; }
    public required int[] EventProduct { get; init; }
    public required string[] EventTypes { get; init; }

    /// <summary>Position of a customer id, or −1.</summary>
    public int PositionOf(long customerId)
    {
        var i = Array.BinarySearch(CustomerIds, customerId);
        return i < 0 ? -1 : i;
    }
}
