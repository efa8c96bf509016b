using Kith.Core.Ingestion;

namespace Kith.Core.Customers;

/// <summary>
/// Applies an update to a stored customer: every field the update carries overwrites, every absent field
/// keeps the stored value. Pure; reports whether anything changed so that a repeated import writes nothing.
/// An erased customer is a tombstone: see <see cref="Apply"/>.
/// </summary>
public static class CustomerMerge
{
    public readonly record struct Result(Customer Customer, bool Changed);

    /// <summary>
    /// Merges <paramref name="update"/> into <paramref name="stored"/>. An erased customer (<see cref="Customer.ErasedAt"/>
    /// set) is returned unchanged whatever the update holds: store systems keep sending the same external id after
    /// an erasure request, and re-importing it must not bring the personal data back. The row itself stays so that
    /// orders and events can still name the customer and reports still add up. We ignore the whole update rather
    /// than only its personal fields, so that there is one simple rule to audit (nothing changes after erasure).
    /// </summary>
    public static Result Apply(Customer stored, CustomerInput update, DateTimeOffset now)
    {
        if (stored.ErasedAt is not null)
        {
            return new Result(stored, false);
        }

        var merged = new Customer
        {
            Id = stored.Id,
            ExternalId = stored.ExternalId,
            Name = update.Name ?? stored.Name,
            Phone = update.Phone ?? stored.Phone,
            Email = update.Email ?? stored.Email,
            WeChatId = update.WeChatId ?? stored.WeChatId,
            AppUserId = update.AppUserId ?? stored.AppUserId,
            Gender = update.Gender ?? stored.Gender,
            Birthday = update.Birthday ?? stored.Birthday,
            Country = update.Country ?? stored.Country,
            Region = update.Region ?? stored.Region,
            City = update.City ?? stored.City,
            TimeZone = update.TimeZone ?? stored.TimeZone,
            RegisteredAt = Timestamps.Normalize(update.RegisteredAt) ?? stored.RegisteredAt,
            SourceChannel = update.SourceChannel ?? stored.SourceChannel,
            ConsentEmail = update.ConsentEmail ?? stored.ConsentEmail,
            ConsentSms = update.ConsentSms ?? stored.ConsentSms,
            ConsentPush = update.ConsentPush ?? stored.ConsentPush,
            ConsentWeChat = update.ConsentWeChat ?? stored.ConsentWeChat,
            Attributes = update.Attributes?.ToJsonString() ?? stored.Attributes,
            ErasedAt = stored.ErasedAt,
            CreatedAt = stored.CreatedAt,
            UpdatedAt = stored.UpdatedAt,
        };
        var changed = merged.Name != stored.Name || merged.Phone != stored.Phone || merged.Email != stored.Email
            || merged.WeChatId != stored.WeChatId || merged.AppUserId != stored.AppUserId || merged.Gender != stored.Gender
            || merged.Birthday != stored.Birthday || merged.Country != stored.Country || merged.Region != stored.Region
            || merged.City != stored.City || merged.TimeZone != stored.TimeZone || merged.RegisteredAt != stored.RegisteredAt
            || merged.SourceChannel != stored.SourceChannel || merged.ConsentEmail != stored.ConsentEmail
            || merged.ConsentSms != stored.ConsentSms || merged.ConsentPush != stored.ConsentPush
            || merged.ConsentWeChat != stored.ConsentWeChat || merged.Attributes != stored.Attributes;
        if (changed)
        {
            merged.UpdatedAt = now;
        }

        return new Result(merged, changed);
    }

    /// <summary>Two updates of one customer in the same batch: the later one's present fields win.</summary>
    public static CustomerInput Overlay(CustomerInput earlier, CustomerInput later) => new()
    {
        ExternalId = later.ExternalId ?? earlier.ExternalId,
        Name = later.Name ?? earlier.Name,
        Phone = later.Phone ?? earlier.Phone,
        Email = later.Email ?? earlier.Email,
        WeChatId = later.WeChatId ?? earlier.WeChatId,
        AppUserId = later.AppUserId ?? earlier.AppUserId,
        Gender = later.Gender ?? earlier.Gender,
        Birthday = later.Birthday ?? earlier.Birthday,
        Country = later.Country ?? earlier.Country,
        Region = later.Region ?? earlier.Region,
        City = later.City ?? earlier.City,
        TimeZone = later.TimeZone ?? earlier.TimeZone,
        RegisteredAt = later.RegisteredAt ?? earlier.RegisteredAt,
        SourceChannel = later.SourceChannel ?? earlier.SourceChannel,
        ConsentEmail = later.ConsentEmail ?? earlier.ConsentEmail,
        ConsentSms = later.ConsentSms ?? earlier.ConsentSms,
        ConsentPush = later.ConsentPush ?? earlier.ConsentPush,
        ConsentWeChat = later.ConsentWeChat ?? earlier.ConsentWeChat,
        Attributes = later.Attributes ?? earlier.Attributes,
    };
}
