using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Kith.Core.Customers;

namespace Kith.Core.Privacy;

/// <summary>
/// A customer's profile as the API and the console show it: every stored field, with <see cref="Masked"/> for
/// readers without <c>pii.view</c>. Timestamps are UTC. <see cref="ErasedAt"/> set means the personal fields were
/// erased on request and stay empty.
/// </summary>
public sealed record CustomerProfile(
    string ExternalId,
    string? Name,
    string? Phone,
    string? Email,
    string? WeChatId,
    string? AppUserId,
    Gender Gender,
    DateOnly? Birthday,
    string? Country,
    string? Region,
    string? City,
    string? TimeZone,
    DateTimeOffset? RegisteredAt,
    string? SourceChannel,
    bool ConsentEmail,
    bool ConsentSms,
    bool ConsentPush,
    bool ConsentWeChat,
    JsonObject? Attributes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ErasedAt,
    bool IsMasked = false)
{
    [JsonIgnore]
    public CustomerConsents Consents => new(ConsentEmail, ConsentSms, ConsentPush, ConsentWeChat);

    public static CustomerProfile From(Customer c) => new(
        c.ExternalId, c.Name, c.Phone, c.Email, c.WeChatId, c.AppUserId, c.Gender, c.Birthday, c.Country, c.Region, c.City,
        c.TimeZone, c.RegisteredAt, c.SourceChannel, c.ConsentEmail, c.ConsentSms, c.ConsentPush, c.ConsentWeChat,
        ParseAttributes(c.Attributes), c.CreatedAt, c.UpdatedAt, c.ErasedAt);

    /// <summary>
    /// The profile for a reader without <c>pii.view</c>: contact details and address masked by <see cref="PiiMask"/>,
    /// birthday hidden, and custom attributes hidden (they are free JSON and may hold anything personal).
    /// Country, gender, consents and dates stay: segments and reports need them and they identify no one.
    /// </summary>
    public CustomerProfile Masked() => this with
    {
        Name = PiiMask.Name(Name),
        Phone = PiiMask.Phone(Phone),
        Email = PiiMask.Email(Email),
        WeChatId = PiiMask.Text(WeChatId),
        AppUserId = PiiMask.Text(AppUserId),
        Region = PiiMask.Text(Region),
        City = PiiMask.Text(City),
        Birthday = null,
        Attributes = null,
        IsMasked = true,
    };

    private static JsonObject? ParseAttributes(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        // Stored by ingestion from a JSON object, so this only fails on a hand-edited row; show nothing rather than fail the read.
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
