namespace Kith.Data.Customers;

/// <summary>
/// A search of the customer list. Text is matched exactly (external id, phone, email) or as a name prefix;
/// filters combine with AND. Paging is keyset on the customer id, newest (largest id) first:
/// <see cref="AfterId"/> gives the next page (ids below it), <see cref="BeforeId"/> the previous one (ids above it).
/// Registration bounds are UTC instants, <see cref="RegisteredFrom"/> included and <see cref="RegisteredTo"/> excluded.
/// </summary>
public sealed record CustomerQuery(
    string? Text = null,
    CustomerSearchField Field = CustomerSearchField.Any,
    string? Lifecycle = null,
    string? Tier = null,
    ConsentChannel? ConsentFor = null,
    DateTimeOffset? RegisteredFrom = null,
    DateTimeOffset? RegisteredTo = null,
    int PageSize = 25,
    long? AfterId = null,
    long? BeforeId = null)
{
    public static IReadOnlyList<int> PageSizes { get; } = [25, 50, 100];
}
