namespace Kith.Data.Privacy;

public enum PrivacyErrorKind
{
    /// <summary>No customer with that external id (HTTP 404).</summary>
    NotFound,

    /// <summary>The request itself is wrong (HTTP 400).</summary>
    Invalid,
}
