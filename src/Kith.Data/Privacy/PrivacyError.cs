namespace Kith.Data.Privacy;

/// <summary>An expected failure of a privacy request, keyed by the field the caller sent (for problem details).</summary>
public sealed record PrivacyError(PrivacyErrorKind Kind, string Field, string Message)
{
    public static PrivacyError NoCustomer(string externalId) =>
        new(PrivacyErrorKind.NotFound, "externalId", $"No customer '{externalId}'.");
}
