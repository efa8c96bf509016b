namespace Kith.Core.Value;

/// <summary>Store KPIs for a period of whole days (docs/metrics.md, "KPIs"). Ratios are 0, never NaN, when their base is empty.</summary>
public sealed record KpiReport(
    DateOnly From,
    DateOnly To,
    decimal Gmv,
    int Orders,
    int Customers,
    decimal Aov,
    decimal SpendPerCustomer,
    int CustomerBase,
    decimal Arpu,
    double RepurchaseRate,
    double Repurchase45Rate,
    ReactivationRates PurchaseRateBySinceLastOrder,
    int Rolling12MonthCustomers,
    double Rolling12MonthReturningShare,
    double Top5PercentGmvShare);

/// <summary>Share of the customers in each band of days since their last order (as of the day before the period) who bought in the period.</summary>
public sealed record ReactivationRates(BandRate Days45To90, BandRate Days90To140, BandRate Days140Plus);

public sealed record BandRate(int Customers, int Purchased, double Rate);

public static class Kpis
{
    public static KpiReport Compute(OrderFacts facts, DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException($"the period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
        }

        var (f, t) = (from.DayNumber, to.DayNumber);
        var before = f - 1;
        var rollingStart = t - 364;
        decimal gmv = 0m;
        int orders = 0, customers = 0, repeaters = 0, repeat45 = 0, customerBase = 0, rolling = 0, rollingReturning = 0;
        var bands = new (int Customers, int Purchased)[3];
        var periodSpend = new List<decimal>();
        for (var i = 0; i < facts.CustomerCount; i++)
        {
            var (start, end) = (facts.Start[i], facts.Start[i + 1]);
            if (start == end)
            {
                continue;
            }

            var first = facts.Day[start];
            var inPeriod = 0;
            var spend = 0m;
            var firstInPeriod = -1;
            var lastBefore = int.MinValue;
            var inRolling = false;
            for (var k = start; k < end; k++)
            {
                var day = facts.Day[k];
                if (day <= before)
                {
                    lastBefore = day;
                }

                if (day >= f && day <= t)
                {
                    inPeriod++;
                    spend += facts.NetValue[k];
                    firstInPeriod = firstInPeriod < 0 ? k : firstInPeriod;
                }

                inRolling |= day >= rollingStart && day <= t;
            }

            if (first <= t)
            {
                customerBase++;
            }

            if (inRolling)
            {
                rolling++;
                rollingReturning += first < rollingStart ? 1 : 0;
            }

            if (lastBefore != int.MinValue)
            {
                var since = before - lastBefore;
                var band = since > 140 ? 2 : since > 90 ? 1 : since > 45 ? 0 : -1;
                if (band >= 0)
                {
                    bands[band].Customers++;
                    bands[band].Purchased += inPeriod > 0 ? 1 : 0;
                }
            }

            if (inPeriod == 0)
            {
                continue;
            }

            customers++;
            orders += inPeriod;
            gmv += spend;
            periodSpend.Add(spend);
            repeaters += inPeriod >= 2 ? 1 : 0;
            // Another paid order (any, also after the period) on a day within 45 days of the first order in the period.
            var firstDay = facts.Day[firstInPeriod];
            var again = false;
            for (var k = start; k < end && !again; k++)
            {
                again = k != firstInPeriod && facts.Day[k] >= firstDay && facts.Day[k] <= firstDay + 45;
            }

            repeat45 += again ? 1 : 0;
        }

        periodSpend.Sort((a, b) => b.CompareTo(a));
        var top = periodSpend.Take((int)Math.Ceiling(0.05 * periodSpend.Count)).Sum();
        static double Ratio(double a, double b) => b == 0 ? 0 : a / b;
        static decimal Money(decimal a, int b) => b == 0 ? 0m : Math.Round(a / b, 2, MidpointRounding.AwayFromZero);
        BandRate Band(int b) => new(bands[b].Customers, bands[b].Purchased, Ratio(bands[b].Purchased, bands[b].Customers));
        return new KpiReport(
            from, to, gmv, orders, customers, Money(gmv, orders), Money(gmv, customers), customerBase, Money(gmv, customerBase),
            Ratio(repeaters, customers), Ratio(repeat45, customers), new ReactivationRates(Band(0), Band(1), Band(2)),
            rolling, Ratio(rollingReturning, rolling), gmv <= 0m ? 0 : (double)(top / gmv));
    }
}
