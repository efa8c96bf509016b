using System.Globalization;
using Kith.Data.Store;

namespace Kith.Console.Tests;

/// <summary>
/// The demo store's paid orders read with one plain SQL query (order day by SQLite's own date function, UTC being the
/// test server's zone), and the value figures of docs/metrics.md recomputed from them by straightforward loops:
/// the independent side the value pages are checked against. Nothing here calls Kith's value code.
/// </summary>
public sealed class PaidOrderRows
{
    private PaidOrderRows(List<long> customers, List<(long Customer, DateOnly Day, decimal Net)> orders) =>
        (Customers, Orders) = (customers, orders);

    /// <summary>Every customer's id (buyers and prospects).</summary>
    public List<long> Customers { get; }

    /// <summary>Paid orders that are neither cancelled nor refunded: customer, UTC day of payment, total − refunded.</summary>
    public List<(long Customer, DateOnly Day, decimal Net)> Orders { get; }

    public static async Task<PaidOrderRows> ReadAsync(KithStore store, CancellationToken ct)
    {
        var customers = new List<long>();
        var orders = new List<(long, DateOnly, decimal)>();
        await using var connection = await store.OpenConnectionAsync(ct);
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT id FROM customers";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                customers.Add(reader.GetInt64(0));
            }
        }

        await using (var cmd = connection.CreateCommand())
        {
            // paid_at is kept as unix microseconds on SQLite.
            cmd.CommandText = """
                SELECT customer_id, date(paid_at / 1000000, 'unixepoch'), CAST(total AS TEXT), CAST(refunded_amount AS TEXT)
                FROM orders WHERE paid_at IS NOT NULL AND status <> 'Cancelled' AND status <> 'Refunded'
                """;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                orders.Add((
                    reader.GetInt64(0),
                    DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    decimal.Parse(reader.GetString(2), NumberStyles.Float, CultureInfo.InvariantCulture) - decimal.Parse(reader.GetString(3), NumberStyles.Float, CultureInfo.InvariantCulture)));
            }
        }

        return new PaidOrderRows(customers, orders);
    }

    /// <summary>One KPI: its value (money, count or share) and, for the purchase-rate bands, the customers behind it.</summary>
    public sealed record Figure(double Value, int Purchased = 0, int Of = 0);

    /// <summary>The KPI table of docs/metrics.md for the order days from..to, by JSON name.</summary>
    public Dictionary<string, Figure> Kpis(DateOnly from, DateOnly to)
    {
        var inPeriod = Orders.Where(o => o.Day >= from && o.Day <= to).ToList();
        var gmv = inPeriod.Sum(o => o.Net);
        var buyers = inPeriod.GroupBy(o => o.Customer).ToList();
        var first = Orders.GroupBy(o => o.Customer).ToDictionary(g => g.Key, g => g.Min(o => o.Day));
        var customerBase = first.Values.Count(d => d <= to);

        var again45 = 0;
        foreach (var b in buyers)
        {
            var start = b.Min(o => o.Day);
            // Any other paid order of theirs, on the first day in the period or up to 45 days after it.
            var within = Orders.Count(o => o.Customer == b.Key && o.Day >= start && o.Day <= start.AddDays(45));
            again45 += within >= 2 ? 1 : 0;
        }

        var bought = buyers.Select(b => b.Key).ToHashSet();
        Figure Band(int above, int upTo)
        {
            var dayBefore = from.AddDays(-1);
            var inBand = Orders.Where(o => o.Day <= dayBefore).GroupBy(o => o.Customer)
                .Where(g => dayBefore.DayNumber - g.Max(o => o.Day).DayNumber is var d && d > above && d <= upTo)
                .Select(g => g.Key).ToList();
            var purchased = inBand.Count(bought.Contains);
            return new Figure(inBand.Count == 0 ? 0 : (double)purchased / inBand.Count, purchased, inBand.Count);
        }

        var windowStart = to.AddDays(-364);
        var rolling = Orders.Where(o => o.Day >= windowStart && o.Day <= to).Select(o => o.Customer).Distinct().ToList();
        var spends = buyers.Select(b => b.Sum(o => o.Net)).OrderByDescending(s => s).ToList();
        var top = spends.Take((int)Math.Ceiling(spends.Count * 0.05)).Sum();
        double Share(double a, double b) => b == 0 ? 0 : a / b;
        return new Dictionary<string, Figure>
        {
            ["gmv"] = new((double)gmv),
            ["orders"] = new(inPeriod.Count),
            ["customers"] = new(buyers.Count),
            ["aov"] = new(inPeriod.Count == 0 ? 0 : (double)(gmv / inPeriod.Count)),
            ["spendPerCustomer"] = new(buyers.Count == 0 ? 0 : (double)(gmv / buyers.Count)),
            ["customerBase"] = new(customerBase),
            ["arpu"] = new(customerBase == 0 ? 0 : (double)(gmv / customerBase)),
            ["repurchaseRate"] = new(Share(buyers.Count(b => b.Count() >= 2), buyers.Count)),
            ["repurchase45Rate"] = new(Share(again45, buyers.Count)),
            ["days45To90"] = Band(45, 90),
            ["days90To140"] = Band(90, 140),
            ["days140Plus"] = Band(140, int.MaxValue),
            ["rolling12MonthCustomers"] = new(rolling.Count),
            ["rolling12MonthReturningShare"] = new(Share(rolling.Count(c => first[c] < windowStart), rolling.Count)),
            ["top5PercentGmvShare"] = new(gmv <= 0 ? 0 : (double)(top / gmv)),
        };
    }

    /// <summary>Cohorts as of a day: first-purchase month → (customers, buyers per month offset k).</summary>
    public SortedDictionary<DateOnly, (int Size, Dictionary<int, int> Active)> Cohorts(DateOnly asOf)
    {
        var cohorts = new SortedDictionary<DateOnly, (int Size, Dictionary<int, int> Active)>();
        foreach (var customer in Orders.Where(o => o.Day <= asOf).GroupBy(o => o.Customer))
        {
            var firstDay = customer.Min(o => o.Day);
            var month = new DateOnly(firstDay.Year, firstDay.Month, 1);
            var (size, active) = cohorts.TryGetValue(month, out var c) ? c : (0, new Dictionary<int, int>());
            foreach (var k in customer.Select(o => ((o.Day.Year - month.Year) * 12) + o.Day.Month - month.Month).Distinct())
            {
                active[k] = active.GetValueOrDefault(k) + 1;
            }

            cohorts[month] = (size + 1, active);
        }

        return cohorts;
    }

    /// <summary>Each customer's lifecycle stage as of a day with windows A / S / P (docs/metrics.md, "Lifecycle stages").</summary>
    public Dictionary<long, string> Stages(DateOnly asOf, (int A, int S, int P) w)
    {
        var stages = Customers.ToDictionary(c => c, _ => "prospect");
        foreach (var customer in Orders.Where(o => o.Day <= asOf).GroupBy(o => o.Customer))
        {
            var recency = asOf.DayNumber - customer.Max(o => o.Day).DayNumber;
            var sinceFirst = asOf.DayNumber - customer.Min(o => o.Day).DayNumber;
            stages[customer.Key] = recency <= w.A ? (sinceFirst <= w.A ? "new" : "active")
                : recency <= w.S ? "silent"
                : recency <= w.P ? "sleeping"
                : "churned";
        }

        return stages;
    }

    /// <summary>Windows that split the buyers 3:3:3:1: the smallest recencies holding 30%, 60% and 90% of them.</summary>
    public (int A, int S, int P) CalibratedWindows(DateOnly asOf)
    {
        var recencies = Orders.Where(o => o.Day <= asOf).GroupBy(o => o.Customer)
            .Select(g => asOf.DayNumber - g.Max(o => o.Day).DayNumber).Order().ToList();
        // r at the 1-based position ⌈tenths × n / 10⌉, in whole numbers.
        int At(int tenths) => recencies[((tenths * recencies.Count) + 9) / 10 - 1];
        return recencies.Count == 0 ? (45, 90, 140) : (At(3), At(6), At(9));
    }
}
