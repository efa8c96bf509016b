namespace Kith.Data.Store;

/// <summary>One cell of the CSV files Kith writes for spreadsheets (segment members, coupon codes).</summary>
public static class CsvCell
{
    /// <summary>
    /// Quoted when it holds a comma, quote or line break; a leading <c>= + - @</c> gets a <c>'</c> so that a
    /// spreadsheet shows the text instead of running it as a formula (CSV injection).
    /// </summary>
    public static string Of(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
