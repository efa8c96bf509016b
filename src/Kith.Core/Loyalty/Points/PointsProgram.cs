namespace Kith.Core.Loyalty.Points;

/// <summary>
/// The store's points rules (docs/loyalty.md, "Points"). One program per store, edited in the console.
/// </summary>
public sealed record PointsProgram
{
    /// <summary>Points per whole currency unit of a paid order's goods (total less shipping, net of refunds).</summary>
    public decimal PointsPerCurrencyUnit { get; init; } = 1m;

    /// <summary>Order points stay pending this many days after payment (the return window), then become usable.</summary>
    public int ReturnWindowDays { get; init; } = 7;

    /// <summary>Points expire this many days after they were earned (oldest first). 0 = never.</summary>
    public int ValidityDays { get; init; } = 365;

    /// <summary>Order points are multiplied by this on the customer's birthday (store time zone).</summary>
    public decimal BirthdayMultiplier { get; init; } = 2m;

    /// <summary>Fixed points per behaviour (sign_in, share, review, referral, birthday).</summary>
    public IReadOnlyDictionary<PointsSource, long> BehaviourPoints { get; init; } = new Dictionary<PointsSource, long>
    {
        [PointsSource.SignIn] = 5,
        [PointsSource.Share] = 10,
        [PointsSource.Review] = 20,
        [PointsSource.Referral] = 200,
        [PointsSource.Birthday] = 100,
    };

    /// <summary>The most points one source may earn a customer per day (store time zone); absent = no cap.</summary>
    public IReadOnlyDictionary<PointsSource, long> DailyCaps { get; init; } = new Dictionary<PointsSource, long>
    {
        [PointsSource.SignIn] = 5,
        [PointsSource.Share] = 30,
        [PointsSource.Review] = 100,
    };

    /// <summary>Campaign multipliers on order points, e.g. double points during Double 11.</summary>
    public IReadOnlyList<PointsCampaign> Campaigns { get; init; } = [];

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (PointsPerCurrencyUnit < 0m)
        {
            problems.Add("pointsPerCurrencyUnit: must not be negative.");
        }

        if (ReturnWindowDays is < 0 or > 365)
        {
            problems.Add("returnWindowDays: must be between 0 and 365.");
        }

        if (ValidityDays is < 0 or > 3650)
        {
            problems.Add("validityDays: must be between 0 (never expire) and 3650.");
        }

        if (BirthdayMultiplier < 1m)
        {
            problems.Add("birthdayMultiplier: must be at least 1.");
        }

        for (var i = 0; i < Campaigns.Count; i++)
        {
            var c = Campaigns[i];
            if (c.Multiplier < 1m || c.To < c.From || string.IsNullOrWhiteSpace(c.Name))
            {
                problems.Add($"campaigns[{i}]: needs a name, a multiplier of at least 1 and to ≥ from.");
            }
        }

        problems.AddRange(BehaviourPoints.Where(kv => kv.Value < 0).Select(kv => $"behaviourPoints.{kv.Key}: must not be negative."));
        problems.AddRange(DailyCaps.Where(kv => kv.Value < 0).Select(kv => $"dailyCaps.{kv.Key}: must not be negative."));
        return problems;
    }

    /// <summary>
    /// Points for a paid order: ⌊goods × rate × multiplier⌋, where the multiplier is the largest of the birthday's
    /// and any running campaign's (they do not compound, so a birthday in Double 11 gets ×2, not ×4).
    /// </summary>
    public long OrderPoints(decimal goodsAmount, DateOnly paidDay, bool isBirthday)
    {
        if (goodsAmount <= 0m)
        {
            return 0;
        }

        var multiplier = 1m;
        if (isBirthday)
        {
            multiplier = Math.Max(multiplier, BirthdayMultiplier);
        }

        foreach (var c in Campaigns)
        {
            if (paidDay >= c.From && paidDay <= c.To)
            {
                multiplier = Math.Max(multiplier, c.Multiplier);
            }
        }

        return (long)decimal.Floor(goodsAmount * PointsPerCurrencyUnit * multiplier);
    }

    /// <summary>Points to reverse when <paramref name="refunded"/> of an order's <paramref name="goods"/> is refunded: ⌈earned × share⌉, never more than earned.</summary>
    public static long ReversalFor(long earned, decimal goods, decimal refunded)
    {
        if (earned <= 0 || goods <= 0m || refunded <= 0m)
        {
            return 0;
        }

        return refunded >= goods ? earned : Math.Min(earned, (long)decimal.Ceiling(earned * refunded / goods));
    }
}

/// <summary>A points multiplier on orders paid between <see cref="From"/> and <see cref="To"/> (store days, inclusive).</summary>
public sealed record PointsCampaign(string Name, DateOnly From, DateOnly To, decimal Multiplier);
