namespace Kith.Data.Customers;

/// <summary>Which field a customer search text is matched against.</summary>
public enum CustomerSearchField
{
    /// <summary>External id, phone or email (exact), or name (prefix): any of them.</summary>
    Any,
    ExternalId,
    Phone,
    Email,
    Name,
}
