namespace Kith.Data.Privacy;

/// <summary>A consent change per channel: true opts in, false unsubscribes, null leaves the channel as it is.</summary>
public sealed record ConsentUpdate(bool? Email = null, bool? Sms = null, bool? Push = null, bool? WeChat = null)
{
    public bool IsEmpty => Email is null && Sms is null && Push is null && WeChat is null;
}
