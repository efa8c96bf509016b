namespace Kith.Core.Value;

/// <summary>
/// The paid orders of every customer in compact columnar form, the input of the value engine: customer
/// <c>i</c>'s orders are at positions <c>Start[i] .. Start[i + 1]</c> of <see cref="Day"/> and
/// <see cref="NetValue"/>, sorted by day, then value. Days are <see cref="DateOnly.DayNumber"/>s in the store's time zone.
/// Customers without a paid order have an empty range (they are prospects).
/// </summary>
public sealed class OrderFacts
{
    public OrderFacts(long[] customerIds, string[] externalIds, int[] start, int[] day, decimal[] netValue)
    {
        if (externalIds.Length != customerIds.Length || start.Length != customerIds.Length + 1 || day.Length != netValue.Length || start[^1] != day.Length)
        {
            throw new ArgumentException("inconsistent column lengths");
        }

        (CustomerIds, ExternalIds, Start, Day, NetValue) = (customerIds, externalIds, start, day, netValue);
    }

    public long[] CustomerIds { get; }
    public string[] ExternalIds { get; }
    public int[] Start { get; }
    public int[] Day { get; }
    public decimal[] NetValue { get; }

    public int CustomerCount => CustomerIds.Length;
    public int OrderCount => Day.Length;

    /// <summary>Builds the columns from unordered rows (customer index, day, net value) with a counting sort.</summary>
    public static OrderFacts FromRows(long[] customerIds, string[] externalIds, ReadOnlySpan<int> customer, ReadOnlySpan<int> day, ReadOnlySpan<decimal> netValue)
    {
        var start = new int[customerIds.Length + 1];
        foreach (var c in customer)
        {
            start[c + 1]++;
        }

        for (var i = 0; i < customerIds.Length; i++)
        {
            start[i + 1] += start[i];
        }

        var next = start[..^1].ToArray();
        var days = new int[day.Length];
        var values = new decimal[day.Length];
        for (var r = 0; r < customer.Length; r++)
        {
            var at = next[customer[r]]++;
            days[at] = day[r];
            values[at] = netValue[r];
        }

        Parallel.For(0, customerIds.Length, i => SortByDayThenValue(days, values, start[i], start[i + 1]));
        return new OrderFacts(customerIds, externalIds, start, days, values);
    }

    /// <summary>Insertion sort of one customer's few orders by (day, value), so that "the latest order" is well defined.</summary>
    private static void SortByDayThenValue(int[] days, decimal[] values, int from, int to)
    {
        for (var i = from + 1; i < to; i++)
        {
            var (d, v) = (days[i], values[i]);
            var j = i - 1;
            while (j >= from && (days[j] > d || (days[j] == d && values[j] > v)))
            {
                days[j + 1] = days[j];
                values[j + 1] = values[j];
                j--;
            }

            days[j + 1] = d;
            values[j + 1] = v;
        }
    }
}
