namespace Kith.Core.Segments;

/// <summary>
/// Date arithmetic of the rule language, shared by the in-memory evaluator and the SQL compiler so that both
/// agree. A 29 February birthday or first purchase falls on 28 February in other years.
/// </summary>
public static class SegmentCalendar
{
    /// <summary>Anniversaries of a first purchase are counted up to this many years.</summary>
    public const int MaxAnniversaryYears = 100;

    /// <summary>The first day of the last <paramref name="days"/> days, the as-of date being the last of them.</summary>
    public static DateOnly WindowStart(DateOnly asOf, int days) => asOf.AddDays(1 - days);

    /// <summary>Days from <paramref name="asOf"/> to the next birthday on month/day (0 = that day), 0 … 365.</summary>
    public static int DaysToBirthday(int month, int day, DateOnly asOf)
    {
        for (var year = asOf.Year; ; year++)
        {
            var date = new DateOnly(year, month, month == 2 && day == 29 && !DateTime.IsLeapYear(year) ? 28 : day);
            if (date >= asOf)
            {
                return date.DayNumber - asOf.DayNumber;
            }
        }
    }

    /// <summary>Every possible birthday (month, day), 29 February included.</summary>
    public static IEnumerable<(int Month, int Day)> AllBirthdays()
    {
        for (var m = 1; m <= 12; m++)
        {
            for (var d = 1; d <= DateTime.DaysInMonth(2024, m); d++)
            {
                yield return (m, d);
            }
        }
    }

    /// <summary>Years since <paramref name="first"/> if <paramref name="asOf"/> is its anniversary (1 … <see cref="MaxAnniversaryYears"/>), else 0.</summary>
    public static int AnniversaryYears(DateOnly first, DateOnly asOf)
    {
        var years = asOf.Year - first.Year;
        return years is >= 1 and <= MaxAnniversaryYears && first.AddYears(years) == asOf ? years : 0;
    }

    /// <summary>The first-purchase days whose <paramref name="years"/>th anniversary is <paramref name="asOf"/>: one day, or two for 28 February.</summary>
    public static (DateOnly From, DateOnly To) AnniversaryDays(DateOnly asOf, int years)
    {
        var from = asOf.AddYears(-years);
        var to = from;
        if (asOf is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(asOf.Year) && DateTime.IsLeapYear(from.Year))
        {
            to = from.AddDays(1); // 29 February of a leap year
        }

        return (from, to);
    }
}
