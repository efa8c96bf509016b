namespace Kith.Data.Customers;

/// <summary>The channels a customer gives or withholds consent for (the <c>consent_*</c> columns).</summary>
public enum ConsentChannel
{
    Email,
    Sms,
    Push,
    WeChat,
}
