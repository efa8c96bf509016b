using System.Text.Json.Nodes;
using Kith.Core.Customers;

namespace Kith.Core.Ingestion;

/// <summary>
/// A customer as sent to Kith (API, JSON Lines, CSV). Upserted by <see cref="ExternalId"/>: fields that are
/// present overwrite, fields that are absent (null) keep what the store has.
/// </summary>
public sealed class CustomerInput
{
    public string? ExternalId { get; set; }
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? WeChatId { get; set; }
    public string? AppUserId { get; set; }
    public Gender? Gender { get; set; }
    public DateOnly? Birthday { get; set; }
    public string? Country { get; set; }
    public string? Region { get; set; }
    public string? City { get; set; }
    public string? TimeZone { get; set; }
    public DateTimeOffset? RegisteredAt { get; set; }
    public string? SourceChannel { get; set; }
    public bool? ConsentEmail { get; set; }
    public bool? ConsentSms { get; set; }
    public bool? ConsentPush { get; set; }
    public bool? ConsentWeChat { get; set; }
    public JsonObject? Attributes { get; set; }

    public IReadOnlyList<FieldError> Validate(DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        InputRules.RequireId(errors, "externalId", ExternalId);
        InputRules.OptionalText(errors, "name", Name);
        InputRules.OptionalText(errors, "phone", Phone, 32);
        InputRules.Email(errors, "email", Email);
        InputRules.OptionalText(errors, "weChatId", WeChatId, InputRules.MaxIdLength);
        InputRules.OptionalText(errors, "appUserId", AppUserId, InputRules.MaxIdLength);
        InputRules.OptionalText(errors, "country", Country, 64);
        InputRules.OptionalText(errors, "region", Region, 128);
        InputRules.OptionalText(errors, "city", City, 128);
        InputRules.OptionalText(errors, "sourceChannel", SourceChannel, 64);
        InputRules.Time(errors, "registeredAt", RegisteredAt, now.AddDays(1));
        if (Birthday is { } b && (b.Year < 1900 || b > DateOnly.FromDateTime(now.UtcDateTime)))
        {
            errors.Add(new FieldError("birthday", "must be between 1900-01-01 and today"));
        }

        if (TimeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            errors.Add(new FieldError("timeZone", "is not a known IANA time zone such as Asia/Shanghai"));
        }

        return errors;
    }

    /// <summary>The customer this input describes, for a store that does not have it yet.</summary>
    public Customer ToCustomer(DateTimeOffset now) => new()
    {
        ExternalId = ExternalId!,
        Name = Name,
        Phone = Phone,
        Email = Email,
        WeChatId = WeChatId,
        AppUserId = AppUserId,
        Gender = Gender ?? Customers.Gender.Unknown,
        Birthday = Birthday,
        Country = Country,
        Region = Region,
        City = City,
        TimeZone = TimeZone,
        RegisteredAt = Timestamps.Normalize(RegisteredAt),
        SourceChannel = SourceChannel,
        ConsentEmail = ConsentEmail ?? false,
        ConsentSms = ConsentSms ?? false,
        ConsentPush = ConsentPush ?? false,
        ConsentWeChat = ConsentWeChat ?? false,
        Attributes = Attributes?.ToJsonString(),
        CreatedAt = now,
        UpdatedAt = now,
    };
}
