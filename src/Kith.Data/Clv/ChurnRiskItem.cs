namespace Kith.Data.Clv;

/// <summary>
/// One row of the churn risk list, personal fields unmasked (the page masks them): the stored churn risk, band,
/// P(alive) and CLV (docs/clv.md §7–8), and the latest paid-at instant of the customer's paid orders (UTC).
/// </summary>
public sealed record ChurnRiskItem(
    long CustomerId,
    string ExternalId,
    string? Name,
    string? Phone,
    bool Erased,
    double Risk,
    string Band,
    double ProbabilityAlive,
    decimal Clv,
    DateTimeOffset? LastOrderAt);
