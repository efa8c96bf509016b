using System.Text.RegularExpressions;

namespace Kith.Core.Ingestion;

/// <summary>Checks shared by every kind of input.</summary>
public static partial class InputRules
{
    public const int MaxIdLength = 128;
    public const int MaxTextLength = 512;

    /// <summary>Earliest accepted timestamp; older ones are almost always a unit or parsing mistake.</summary>
    public static readonly DateTimeOffset MinTime = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void RequireId(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, "is required"));
        }
        else if (value.Length > MaxIdLength)
        {
            errors.Add(new FieldError(field, $"must be at most {MaxIdLength} characters"));
        }
        else if (value.Trim().Length != value.Length)
        {
            errors.Add(new FieldError(field, "must not start or end with spaces"));
        }
    }

    public static void OptionalText(List<FieldError> errors, string field, string? value, int max = MaxTextLength)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(new FieldError(field, $"must be at most {max} characters"));
        }
    }

    public static void Currency(List<FieldError> errors, string field, string? value)
    {
        if (value is not null && !CurrencyPattern().IsMatch(value))
        {
            errors.Add(new FieldError(field, "must be a three-letter ISO 4217 code such as CNY"));
        }
    }

    public static void NonNegative(List<FieldError> errors, string field, decimal? value)
    {
        if (value < 0)
        {
            errors.Add(new FieldError(field, "must not be negative"));
        }
    }

    public static void Time(List<FieldError> errors, string field, DateTimeOffset? value, DateTimeOffset? notAfter = null)
    {
        if (value is null)
        {
            return;
        }

        if (value < MinTime)
        {
            errors.Add(new FieldError(field, "must be after 1970-01-01"));
        }
        else if (notAfter is { } limit && value > limit)
        {
            errors.Add(new FieldError(field, "must not be in the future"));
        }
    }

    public static void Email(List<FieldError> errors, string field, string? value)
    {
        if (value is not null && (value.Length > 254 || !EmailPattern().IsMatch(value)))
        {
            errors.Add(new FieldError(field, "is not an email address"));
        }
    }

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
