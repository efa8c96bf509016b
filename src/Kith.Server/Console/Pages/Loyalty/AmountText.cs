using System.Globalization;
using Kith.Core.Loyalty;

namespace Kith.Server.Console.Pages.Loyalty;

/// <summary>Why an amount typed into a loyalty form was refused.</summary>
public enum AmountProblem
{
    Missing,
    NotANumber,
    Negative,

    /// <summary>More decimals than the currency has (9.999 CNY): refused, never rounded (docs/loyalty.md).</summary>
    TooManyDecimals,
}

/// <summary>
/// Money as operators type and read it: whole currency units with the currency's decimals ("300", "49.90"), kept as
/// minor units (<see cref="CurrencyUnits"/>). Typed amounts use a decimal point whatever the page's language.
/// </summary>
public static class AmountText
{
    private const NumberStyles Typed = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign
        | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands;

    /// <summary>
    /// The amount in minor units; null with no problem when the text is blank and the amount is optional.
    /// An unknown currency reads as having 2 decimals (the currency itself is refused by the terms' own check).
    /// </summary>
    public static (long? Minor, AmountProblem? Problem) Parse(string? text, string currency, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return required ? (null, AmountProblem.Missing) : (null, null);
        }

        if (!decimal.TryParse(text.Trim().Replace('，', ','), Typed, CultureInfo.InvariantCulture, out var amount))
        {
            return (null, AmountProblem.NotANumber);
        }

        if (amount < 0m)
        {
            return (null, AmountProblem.Negative);
        }

        return CurrencyUnits.ToMinor(amount, CurrencyUnits.IsKnown(currency) ? currency : "CNY") is { } minor
            ? (minor, null)
            : (null, AmountProblem.TooManyDecimals);
    }

    /// <summary>How an amount is put back into a text box: invariant, no grouping ("1234.50").</summary>
    public static string Edit(long? minor, string currency) =>
        minor is { } m ? CurrencyUnits.FromMinor(m, Known(currency)).ToString("0.##########", CultureInfo.InvariantCulture) : "";

    /// <summary>How an amount is shown: the currency's decimals, grouped in the page's culture ("1,234.50").</summary>
    public static string Show(long minor, string currency) =>
        CurrencyUnits.FromMinor(minor, Known(currency)).ToString("N" + CurrencyUnits.DecimalDigits(Known(currency)), CultureInfo.CurrentCulture);

    public static string Show(decimal amount, string currency) =>
        amount.ToString("N" + CurrencyUnits.DecimalDigits(Known(currency)), CultureInfo.CurrentCulture);

    public static int Digits(string currency) => CurrencyUnits.DecimalDigits(Known(currency));

    private static string Known(string currency) => CurrencyUnits.IsKnown(currency) ? currency : "CNY";
}
