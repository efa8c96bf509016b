namespace Kith.Data.Customers;

/// <summary>
/// One row of the customer list, personal fields unmasked (the page masks them). <see cref="Orders"/>,
/// <see cref="Spend"/> and <see cref="LastOrderAt"/> are over paid orders (docs/metrics.md, "paid order"):
/// count, net value (total − refunded) in <see cref="Currency"/>, and the latest paid-at instant (UTC).
/// Lifecycle and tier are from the latest recompute; empty when not computed yet.
/// </summary>
public sealed record CustomerListItem(
    long Id,
    string ExternalId,
    string? Name,
    string? Phone,
    string? Email,
    bool Erased,
    string Lifecycle,
    string Tier,
    int Orders,
    decimal Spend,
    string? Currency,
    DateTimeOffset? LastOrderAt);
