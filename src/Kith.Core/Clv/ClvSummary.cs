using Kith.Core.Value;

namespace Kith.Core.Clv;

/// <summary>
/// The per-customer summary that the buy-till-you-die models are fitted on, built as the literature does
/// (Fader, Hardie &amp; Lee 2005; R's BTYD <c>dc.ElogToCbsCbt</c>): the orders of one day merge into one purchase
/// (their values summed); <c>x</c> = repeat purchases (days after the first) in the calibration window; <c>t_x</c> =
/// time from the first purchase to the last calibration purchase; <c>T</c> = time from the first purchase to the
/// calibration end day; monetary = mean value of the repeat calibration purchases (0 when x = 0); and, in the
/// holdout, the number of purchase days <c>x*</c>. Times are in <see cref="Unit"/>s: (day − day) / days per unit.
/// Customers whose first purchase is after the calibration end are not part of the cohort and are left out.
/// Columns are indexed by customer; immutable once built, so safe to share between threads.
/// </summary>
public sealed class ClvSummary
{
    /// <summary>Customers per parallel work item of <see cref="Build(OrderFacts, ClvSummaryOptions)"/>.</summary>
    private const int SummaryChunk = 4096;

    private ClvSummary(
        ClvSummaryOptions options, string[] customerIds, int[] firstDay, int[] x, double[] tx, double[] t, double[] monetary,
        int[] holdoutX, double[] holdoutMonetary, int[] repeatDays, int leftOut)
    {
        (Options, CustomerIds, FirstDay, X, Tx, T, Monetary, HoldoutX, HoldoutMonetary, RepeatDays, LeftOut) =
            (options, customerIds, firstDay, x, tx, t, monetary, holdoutX, holdoutMonetary, repeatDays, leftOut);
    }

    public ClvSummaryOptions Options { get; }
    public ClvTimeUnit Unit => Options.Unit;
    public string[] CustomerIds { get; }

    /// <summary>Day of the first purchase (<see cref="DateOnly.DayNumber"/>).</summary>
    public int[] FirstDay { get; }

    /// <summary>Repeat purchases (days) in the calibration window.</summary>
    public int[] X { get; }
    public double[] Tx { get; }
    public double[] T { get; }

    /// <summary>Mean value of the repeat calibration purchases, 0 when x = 0.</summary>
    public double[] Monetary { get; }

    /// <summary>Purchase days in the holdout window (all zero without one).</summary>
    public int[] HoldoutX { get; }

    /// <summary>Mean value of the holdout purchases, 0 when there were none.</summary>
    public double[] HoldoutMonetary { get; }

    /// <summary>The day of every repeat purchase up to the end of the holdout (or calibration) window, for tracking curves.</summary>
    public int[] RepeatDays { get; }

    /// <summary>Customers left out because their first purchase came after the calibration end.</summary>
    public int LeftOut { get; }

    public int CustomerCount => X.Length;
    public bool HasHoldout => Options.HoldoutEnd is not null;

    /// <summary>Length of the holdout window in units, (holdout end − calibration end) / days per unit; 0 without one.</summary>
    public double HoldoutLength => Options.HoldoutEnd is { } h ? (double)(h.DayNumber - Options.CalibrationEnd.DayNumber) / (int)Unit : 0;

    /// <summary>The earliest first purchase: day 0 of the tracking curve.</summary>
    public int OriginDay => FirstDay.Length == 0 ? Options.CalibrationEnd.DayNumber : FirstDay.Min();

    /// <summary>Builds the summary from per-customer purchase lists (in any order).</summary>
    public static ClvSummary Build(IReadOnlyList<CustomerPurchases> customers, ClvSummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var rows = customers.Sum(c => c.Purchases.Count);
        var (customer, day, value) = (new int[rows], new int[rows], new decimal[rows]);
        var at = 0;
        for (var i = 0; i < customers.Count; i++)
        {
            foreach (var p in customers[i].Purchases)
            {
                (customer[at], day[at], value[at]) = (i, p.Day.DayNumber, p.Amount);
                at++;
            }
        }

        var ids = customers.Select(c => c.CustomerId).ToArray();
        return Build(OrderFacts.FromRows(Enumerable.Range(1, ids.Length).Select(i => (long)i).ToArray(), ids, customer, day, value), options);
    }

    /// <summary>Builds the summary from the store's paid orders (days already in the store's time zone).</summary>
    public static ClvSummary Build(OrderFacts facts, ClvSummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Unit))
        {
            throw new ArgumentException($"time unit {(int)options.Unit} is not day or week", nameof(options));
        }

        var calibrationEnd = options.CalibrationEnd.DayNumber;
        var holdoutEnd = options.HoldoutEnd?.DayNumber ?? calibrationEnd;
        if (options.HoldoutEnd is { } h && h.DayNumber - calibrationEnd < (int)options.Unit)
        {
            throw new ArgumentException(
                $"the holdout end {h:yyyy-MM-dd} must be at least one {options.Unit.ToString().ToLowerInvariant()} after the calibration end {options.CalibrationEnd:yyyy-MM-dd}",
                nameof(options));
        }

        if (facts.OrderCount == 0)
        {
            throw new ArgumentException("no purchases: a CLV summary needs customers with paid orders", nameof(facts));
        }

        // One pass per customer, in parallel, into slots indexed by customer; then the customers in the cohort are
        // gathered in customer order (the order the summary has always had).
        var unit = (double)(int)options.Unit;
        var n = facts.CustomerCount;
        var (xs, txs, ts, mon, hx, hmon, repeatCount) = (new int[n], new double[n], new double[n], new double[n], new int[n], new double[n], new int[n]);
        var state = new byte[n]; // 0 prospect (never bought), 1 first purchase after the calibration end, 2 in the cohort
        Parallel.For(0, (n + SummaryChunk - 1) / SummaryChunk, chunk =>
        {
            for (var c = chunk * SummaryChunk; c < Math.Min(n, (chunk + 1) * SummaryChunk); c++)
            {
                var (from, to) = (facts.Start[c], facts.Start[c + 1]);
                if (from == to)
                {
                    continue; // a prospect: never bought
                }

                var firstDay = facts.Day[from];
                if (firstDay > calibrationEnd)
                {
                    state[c] = 1;
                    continue;
                }

                int x = 0, holdout = 0, lastDay = firstDay, repeats = 0;
                decimal repeatValue = 0, holdoutValue = 0;
                var o = from;
                while (o < to && facts.Day[o] == firstDay)
                {
                    o++; // the first day's other orders merge into the first purchase
                }

                while (o < to && facts.Day[o] <= holdoutEnd)
                {
                    var d = facts.Day[o];
                    decimal dayValue = 0;
                    while (o < to && facts.Day[o] == d)
                    {
                        dayValue += facts.NetValue[o++];
                    }

                    repeats++;
                    if (d <= calibrationEnd)
                    {
                        (x, lastDay) = (x + 1, d);
                        repeatValue += dayValue;
                    }
                    else
                    {
                        holdout++;
                        holdoutValue += dayValue;
                    }
                }

                state[c] = 2;
                xs[c] = x;
                txs[c] = (lastDay - firstDay) / unit;
                ts[c] = (calibrationEnd - firstDay) / unit;
                mon[c] = x == 0 ? 0 : (double)(repeatValue / x);
                hx[c] = holdout;
                hmon[c] = holdout == 0 ? 0 : (double)(holdoutValue / holdout);
                repeatCount[c] = repeats;
            }
        });

        var (count, leftOut, repeatTotal) = (0, 0, 0);
        for (var c = 0; c < n; c++)
        {
            count += state[c] == 2 ? 1 : 0;
            leftOut += state[c] == 1 ? 1 : 0;
            repeatTotal += repeatCount[c];
        }

        if (count == 0)
        {
            throw new ArgumentException($"no customer made a purchase on or before the calibration end {options.CalibrationEnd:yyyy-MM-dd}", nameof(options));
        }

        var ids = new string[count];
        var first = new int[count];
        var (cx, ctx, ct, cmon, chx, chmon) = (new int[count], new double[count], new double[count], new double[count], new int[count], new double[count]);
        var repeatDays = new int[repeatTotal];
        var (at, repeatAt) = (0, 0);
        for (var c = 0; c < n; c++)
        {
            if (state[c] != 2)
            {
                continue;
            }

            (ids[at], first[at], cx[at], ctx[at], ct[at], cmon[at], chx[at], chmon[at]) = (facts.ExternalIds[c], facts.Day[facts.Start[c]], xs[c], txs[c], ts[c], mon[c], hx[c], hmon[c]);
            at++;
            // The repeat purchase days: each distinct day after the first, up to the end of the holdout (or calibration).
            var (o, to) = (facts.Start[c], facts.Start[c + 1]);
            for (var previous = facts.Day[o]; o < to && repeatCount[c] > 0; o++)
            {
                var d = facts.Day[o];
                if (d != previous)
                {
                    if (d > holdoutEnd)
                    {
                        break;
                    }

                    repeatDays[repeatAt++] = d;
                    previous = d;
                }
            }
        }

        return new ClvSummary(options, ids, first, cx, ctx, ct, cmon, chx, chmon, repeatDays, leftOut);
    }
}
