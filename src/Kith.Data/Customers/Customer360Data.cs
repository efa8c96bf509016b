using Kith.Core.Customers;
using Kith.Data.Clv;
using Kith.Data.Value;

namespace Kith.Data.Customers;

/// <summary>
/// Everything the customer 360 page shows: the customer row (personal fields unmasked — the page masks them),
/// the latest computed value (null before the first recompute), the stored CLV and churn predictions (null when
/// <c>kith clv score</c> has not scored this customer), tags, and one timeline of orders and events,
/// newest first.
/// </summary>
public sealed record Customer360Data(
    Customer Customer,
    CustomerValueRow? Value,
    CustomerPredictionRow? Prediction,
    IReadOnlyList<CustomerTag> Tags,
    IReadOnlyList<TimelineEntry> Timeline,
    int OrderCount,
    int EventCount);
