using Kith.Data.Store;

namespace Kith.Data.Value;

/// <summary>
/// GMV, orders, buyers and AOV per store-local day, defined as <see cref="Kith.Core.Value.Kpis"/> defines them
/// (docs/metrics.md: paid orders, order day = paid-at date in the store's zone, net value = total − refunded).
/// One query reads the period's paid orders; days are formed here with the same zone conversion as
/// <see cref="OrderFactsLoader"/>, and amounts summed in decimal (SQLite keeps decimals as text, so SQL SUM would
/// round through doubles).
/// </summary>
public static class DailySales
{
    public static async Task<DailySalesReport> LoadAsync(KithStore store, TimeZoneInfo zone, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (to < from)
        {
            throw new ArgumentException($"the period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})", nameof(to));
        }

        var days = to.DayNumber - from.DayNumber + 1;
        var gmv = new decimal[days];
        var orders = new int[days];
        var buyers = new HashSet<long>[days];
        for (var i = 0; i < days; i++)
        {
            buyers[i] = [];
        }

        var all = new HashSet<long>();
        var sqlite = store.Provider == StoreProvider.Sqlite;
        await using (var connection = await store.OpenConnectionAsync(ct))
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"""
                SELECT o.customer_id, o.paid_at, o.total, o.refunded_amount FROM orders o
                WHERE o.paid_at >= @start AND o.paid_at < @end AND {OrderFactsLoader.PaidOrders}
                """;
            Bind(cmd, "start", StartOf(from, zone), sqlite);
            Bind(cmd, "end", StartOf(to.AddDays(1), zone), sqlite);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (sqlite ? reader.Read() : await reader.ReadAsync(ct))
            {
                var day = OrderFactsLoader.DayOf(OrderFactsLoader.ReadUtc(reader, 1, sqlite), zone) - from.DayNumber;
                // The UTC bounds are exact, so this only guards against a zone rule the two conversions read differently.
                if (day < 0 || day >= days)
                {
                    continue;
                }

                var customer = reader.GetInt64(0);
                gmv[day] += reader.GetDecimal(2) - reader.GetDecimal(3);
                orders[day]++;
                buyers[day].Add(customer);
                all.Add(customer);
            }
        }

        var list = new SalesDay[days];
        for (var i = 0; i < days; i++)
        {
            list[i] = new SalesDay(from.AddDays(i), gmv[i], orders[i], buyers[i].Count, Aov(gmv[i], orders[i]));
        }

        var totalGmv = gmv.Sum();
        var totalOrders = orders.Sum();
        return new DailySalesReport(from, to, list, totalGmv, totalOrders, all.Count, Aov(totalGmv, totalOrders));
    }

    /// <summary>The UTC instant a store-local day starts (a day starting in a DST gap starts when the clocks jump).</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    // As Kpis does: GMV ÷ orders, rounded to 2 decimals half away from zero, 0 for no orders.
    private static decimal Aov(decimal gmv, int orders) =>
        orders == 0 ? 0m : Math.Round(gmv / orders, 2, MidpointRounding.AwayFromZero);

    private static void Bind(System.Data.Common.DbCommand cmd, string name, DateTimeOffset utc, bool sqlite)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = sqlite ? Kith.Core.Timestamps.ToUnixMicroseconds(utc) : utc.UtcDateTime;
        cmd.Parameters.Add(p);
    }
}
