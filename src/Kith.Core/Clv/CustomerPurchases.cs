namespace Kith.Core.Clv;

/// <summary>One customer's paid orders, in any order; several on one day are merged by the summary.</summary>
public sealed record CustomerPurchases(string CustomerId, IReadOnlyList<Purchase> Purchases);
