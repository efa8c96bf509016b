using System.Collections.Frozen;
using System.Globalization;

namespace Kith.Core.Loyalty;

/// <summary>
/// ISO 4217 minor units. Loyalty keeps money as whole minor units (fen, cents, yen) so that budgets and discounts
/// add and compare exactly in SQL on both stores; a decimal amount with more decimals than its currency allows is
/// refused rather than rounded, because a checkout that sends 9.999 CNY has a bug the store must see.
/// </summary>
public static class CurrencyUnits
{
    private static readonly FrozenDictionary<string, int> Digits = new Dictionary<string, int>
    {
        ["CNY"] = 2, ["HKD"] = 2, ["TWD"] = 2, ["MOP"] = 2, ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["CHF"] = 2,
        ["SGD"] = 2, ["MYR"] = 2, ["THB"] = 2, ["PHP"] = 2, ["INR"] = 2, ["AUD"] = 2, ["NZD"] = 2, ["CAD"] = 2,
        ["MXN"] = 2, ["BRL"] = 2, ["SEK"] = 2, ["NOK"] = 2, ["DKK"] = 2, ["PLN"] = 2, ["CZK"] = 2, ["HUF"] = 2,
        ["RUB"] = 2, ["TRY"] = 2, ["ILS"] = 2, ["AED"] = 2, ["SAR"] = 2, ["ZAR"] = 2, ["IDR"] = 2,
        ["JPY"] = 0, ["KRW"] = 0, ["VND"] = 0, ["CLP"] = 0, ["ISK"] = 0,
        ["KWD"] = 3, ["BHD"] = 3, ["JOD"] = 3, ["OMR"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True if <paramref name="currency"/> is a known ISO 4217 code (upper case).</summary>
    public static bool IsKnown(string? currency) => currency is not null && Digits.ContainsKey(currency);

    public static int DecimalDigits(string currency) => Digits.TryGetValue(currency, out var d)
        ? d
        : throw new ArgumentException($"Unknown currency '{currency}'.", nameof(currency));

    /// <summary>The amount in minor units, or null if it is negative, too large for a long, or has more decimals than the currency has.</summary>
    public static long? ToMinor(decimal amount, string currency)
    {
        // The bound before scaling: near decimal.MaxValue, scaling to fils would throw OverflowException.
        if (amount < 0m || amount > long.MaxValue)
        {
            return null;
        }

        var scaled = amount * Pow10(DecimalDigits(currency));
        return scaled == decimal.Truncate(scaled) && scaled <= long.MaxValue ? (long)scaled : null;
    }

    public static decimal FromMinor(long minor, string currency) => minor / Pow10(DecimalDigits(currency));

    public static string Format(long minor, string currency) =>
        FromMinor(minor, currency).ToString("F" + DecimalDigits(currency), CultureInfo.InvariantCulture) + " " + currency;

    private static decimal Pow10(int digits) => digits switch { 0 => 1m, 2 => 100m, 3 => 1000m, _ => (decimal)Math.Pow(10, digits) };
}
