namespace Kith.Core.Loyalty.Tiers;

/// <summary>What a level gives its members.</summary>
public sealed record TierBenefits
{
    /// <summary>Percent off every order (0 = none).</summary>
    public decimal DiscountPercent { get; init; }

    public bool FreeShipping { get; init; }
    public bool DedicatedService { get; init; }
    public bool EarlyAccess { get; init; }

    /// <summary>Points given on the birthday (0 = none).</summary>
    public long BirthdayGiftPoints { get; init; }
}

/// <summary>
/// One level. A customer qualifies when their rolling spend, orders or points over the scheme's window reach ANY of
/// the thresholds that are set (0 = not used), so a level can be earned by spending or by buying often.
/// </summary>
public sealed record TierLevel(int Rank, string Name, long MinSpendMinor, int MinOrders, long MinPoints, TierBenefits Benefits)
{
    public bool QualifiesWith(TierActivity activity) =>
        Rank == 0
        || (MinSpendMinor > 0 && activity.SpendMinor >= MinSpendMinor)
        || (MinOrders > 0 && activity.Orders >= MinOrders)
        || (MinPoints > 0 && activity.PointsEarned >= MinPoints);
}

/// <summary>A customer's paid spend (minor units), paid orders and points earned in the scheme's window.</summary>
public readonly record struct TierActivity(long SpendMinor, int Orders, long PointsEarned);

/// <summary>A customer's tier and when it is next reviewed.</summary>
public readonly record struct TierStanding(int Rank, DateTimeOffset Since, DateTimeOffset ReviewAt);

/// <summary>
/// The store's membership levels (docs/loyalty.md, "Tiers"). Rank 0 is the base level everyone has. Upgrades happen
/// as soon as a customer qualifies; downgrades only at the review date, and by at most one level per review (the
/// grace rule), so one slow quarter does not drop a top customer to the bottom. A paid membership holds its level
/// until it ends.
/// </summary>
public sealed record TierScheme
{
    public string Currency { get; init; } = "CNY";

    /// <summary>The rolling window the thresholds are measured over.</summary>
    public int WindowDays { get; init; } = 365;

    /// <summary>Months between reviews of a customer's level (counted from when they reached it).</summary>
    public int ReviewMonths { get; init; } = 12;

    public IReadOnlyList<TierLevel> Levels { get; init; } = [new(0, "Member", 0, 0, 0, new TierBenefits())];

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!CurrencyUnits.IsKnown(Currency))
        {
            problems.Add($"currency: '{Currency}' is not an ISO 4217 code Kith knows.");
        }

        if (WindowDays is < 1 or > 3650)
        {
            problems.Add("windowDays: must be between 1 and 3650.");
        }

        if (ReviewMonths is < 1 or > 60)
        {
            problems.Add("reviewMonths: must be between 1 and 60.");
        }

        if (Levels.Count == 0 || Levels[0].Rank != 0)
        {
            problems.Add("levels[0]: the first level must be the base level, rank 0.");
        }

        for (var i = 0; i < Levels.Count; i++)
        {
            var l = Levels[i];
            if (l.Rank != i)
            {
                problems.Add($"levels[{i}].rank: must be {i} (levels in order, no gaps).");
            }

            if (string.IsNullOrWhiteSpace(l.Name))
            {
                problems.Add($"levels[{i}].name: required.");
            }

            if (i > 0 && l.MinSpendMinor <= 0 && l.MinOrders <= 0 && l.MinPoints <= 0)
            {
                problems.Add($"levels[{i}]: needs at least one threshold (minSpend, minOrders or minPoints).");
            }

            if (l.MinSpendMinor < 0 || l.MinOrders < 0 || l.MinPoints < 0)
            {
                problems.Add($"levels[{i}]: thresholds must not be negative.");
            }

            if (l.Benefits.DiscountPercent is < 0m or > 100m)
            {
                problems.Add($"levels[{i}].benefits.discountPercent: must be between 0 and 100.");
            }

            if (i > 0 && l.MinSpendMinor < Levels[i - 1].MinSpendMinor)
            {
                problems.Add($"levels[{i}].minSpend: lower than the level below it.");
            }
        }

        return problems;
    }

    /// <summary>The highest level the activity qualifies for.</summary>
    public int QualifiedRank(TierActivity activity) =>
        Levels.Where(l => l.QualifiesWith(activity)).Select(l => l.Rank).DefaultIfEmpty(0).Max();

    /// <summary>
    /// The standing after looking at the customer's activity at <paramref name="now"/>: up at once if they qualify for
    /// more; at or after the review date, down to what they qualify for but at most one level, with a new review date.
    /// </summary>
    public TierStanding Evaluate(TierStanding? current, TierActivity activity, DateTimeOffset now, DateTimeOffset? paidUntil = null)
    {
        var qualified = QualifiedRank(activity);
        if (current is not { } c)
        {
            return new TierStanding(qualified, now, now.AddMonths(ReviewMonths));
        }

        var rank = Math.Min(c.Rank, Levels.Count - 1); // a level removed from the scheme
        if (qualified > rank)
        {
            return new TierStanding(qualified, now, now.AddMonths(ReviewMonths));
        }

        if (now < c.ReviewAt || (paidUntil is { } p && now < p))
        {
            return c with { Rank = rank };
        }

        var next = c.ReviewAt;
        while (next <= now)
        {
            next = next.AddMonths(ReviewMonths);
        }

        var kept = Math.Max(qualified, rank - 1);
        return new TierStanding(kept, kept == rank ? c.Since : now, next);
    }
}
