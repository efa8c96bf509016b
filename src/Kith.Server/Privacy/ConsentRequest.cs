namespace Kith.Server.Privacy;

/// <summary>Body of <c>POST /api/v1/customers/{externalId}/consents</c>: only the channels given change.</summary>
public sealed record ConsentRequest(bool? Email, bool? Sms, bool? Push, bool? WeChat);
