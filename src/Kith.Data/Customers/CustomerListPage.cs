namespace Kith.Data.Customers;

/// <summary>
/// One page of the customer list, largest id first. <see cref="NextAfterId"/> / <see cref="PreviousBeforeId"/> are
/// the cursors to pass as <see cref="CustomerQuery.AfterId"/> / <see cref="CustomerQuery.BeforeId"/>; null when there is no such page.
/// </summary>
public sealed record CustomerListPage(
    IReadOnlyList<CustomerListItem> Items,
    long? NextAfterId,
    long? PreviousBeforeId,
    CustomerCount Total);
