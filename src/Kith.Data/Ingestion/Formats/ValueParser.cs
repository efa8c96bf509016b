using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kith.Core.Customers;
using Kith.Core.Orders;

namespace Kith.Data.Ingestion.Formats;

/// <summary>Parses cell text into typed values; a failure is reported against the column and gives null.</summary>
internal sealed partial class ValueParser(TimeZoneInfo zone)
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    public TimeZoneInfo Zone { get; } = zone;

    public static decimal? Decimal(ImportRecord r, string column, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        r.Error(column, $"'{Clip(text)}' is not a number (use '.' for decimals, no thousands separator)");
        return null;
    }

    public static int? Int(ImportRecord r, string column, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        r.Error(column, $"'{Clip(text)}' is not a whole number");
        return null;
    }

    public static bool? Bool(ImportRecord r, string column, string? text)
    {
        switch (text?.ToUpperInvariant())
        {
            case null: return null;
            case "TRUE" or "1" or "YES" or "Y": return true;
            case "FALSE" or "0" or "NO" or "N": return false;
            default:
                r.Error(column, $"'{Clip(text)}' is not true or false");
                return null;
        }
    }

    public static DateOnly? Date(ImportRecord r, string column, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        r.Error(column, $"'{Clip(text)}' is not a date (YYYY-MM-DD)");
        return null;
    }

    /// <summary>ISO 8601 with an offset or Z; without one, the time is read in <see cref="Zone"/>.</summary>
    public DateTimeOffset? Time(ImportRecord r, string column, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (HasOffset().IsMatch(text))
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            {
                return withOffset;
            }
        }
        else if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            if (Zone.IsInvalidTime(local))
            {
                r.Error(column, $"'{text}' does not exist in {Zone.Id} (daylight-saving gap)");
                return null;
            }

            return new DateTimeOffset(local, Zone.GetUtcOffset(local));
        }

        r.Error(column, $"'{Clip(text)}' is not a timestamp (ISO 8601, e.g. 2026-03-01T09:30:00+08:00)");
        return null;
    }

    public static OrderStatus? Status(ImportRecord r, string column, string? text)
    {
        if (text is null)
        {
            return null;
        }

        var key = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (!int.TryParse(key, CultureInfo.InvariantCulture, out _) && Enum.TryParse<OrderStatus>(key, ignoreCase: true, out var s))
        {
            return s;
        }

        r.Error(column, $"'{Clip(text)}' is not an order status (created, paid, shipped, delivered, completed, cancelled, refunded, partially_refunded)");
        return null;
    }

    public static Gender? GenderOf(ImportRecord r, string column, string? text)
    {
        switch (text?.ToUpperInvariant())
        {
            case null: return null;
            case "FEMALE" or "F" or "女": return Gender.Female;
            case "MALE" or "M" or "男": return Gender.Male;
            case "OTHER": return Gender.Other;
            case "UNKNOWN" or "U": return Gender.Unknown;
            default:
                r.Error(column, $"'{Clip(text)}' is not a gender (female, male, other, unknown)");
                return null;
        }
    }

    public static JsonObject? Json(ImportRecord r, string column, string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(text) is JsonObject o)
            {
                return o;
            }
        }
        catch (JsonException)
        {
            // reported below
        }

        r.Error(column, "is not a JSON object");
        return null;
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex HasOffset();
}
