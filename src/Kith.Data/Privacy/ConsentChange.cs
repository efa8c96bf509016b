using Kith.Core.Privacy;

namespace Kith.Data.Privacy;

/// <summary>The consents after a change, and which channels actually changed (<c>email</c>, <c>sms</c>, <c>push</c>, <c>weChat</c>).</summary>
public sealed record ConsentChange(string CustomerId, CustomerConsents Consents, IReadOnlyList<string> Changed);
