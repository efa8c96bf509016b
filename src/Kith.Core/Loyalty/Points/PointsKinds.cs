namespace Kith.Core.Loyalty.Points;

/// <summary>What a ledger entry did to the balance.</summary>
public enum PointsEntryKind
{
    Earn,
    Redeem,
    Expire,
    Adjust,

    /// <summary>Takes back earned points (a refund) or gives back redeemed ones (a cancelled mall order).</summary>
    Reverse,
}

/// <summary>Where points came from or went to.</summary>
public enum PointsSource
{
    Order,
    SignIn,
    Share,
    Review,
    Referral,
    Birthday,
    Manual,
    Mall,
    Expiry,
}

/// <summary>Why a points change was refused (wire form: snake_case, e.g. <c>insufficient_points</c>).</summary>
public enum PointsRefusal
{
    UnknownCustomer,
    InsufficientPoints,
    DailyCapReached,
    NothingToReverse,
    NotPositive,
}

public static class PointsRefusals
{
    public static string Code(this PointsRefusal refusal) =>
        string.Concat(refusal.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static string Describe(this PointsRefusal refusal) => refusal switch
    {
        PointsRefusal.UnknownCustomer => "No customer has this id.",
        PointsRefusal.InsufficientPoints => "The customer has fewer usable points than that.",
        PointsRefusal.DailyCapReached => "The customer has earned today's maximum from this source.",
        PointsRefusal.NothingToReverse => "There is nothing left to reverse for this reference.",
        PointsRefusal.NotPositive => "Points must be a whole number above zero.",
        _ => refusal.ToString(),
    };
}
