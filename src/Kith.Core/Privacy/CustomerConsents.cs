namespace Kith.Core.Privacy;

/// <summary>Whether the customer agreed to be contacted on each channel; false means do not send (unsubscribed or never asked).</summary>
public sealed record CustomerConsents(bool Email, bool Sms, bool Push, bool WeChat);
