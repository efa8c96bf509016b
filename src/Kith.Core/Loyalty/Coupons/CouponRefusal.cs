namespace Kith.Core.Loyalty.Coupons;

/// <summary>
/// Why a coupon does not apply. Each is distinct so that a checkout can tell the shopper exactly why, and the
/// console translates them (the wire form is the snake_case name, e.g. <c>below_threshold</c>).
/// </summary>
public enum CouponRefusal
{
    UnknownCode,
    Expired,
    NotYetValid,
    WrongScope,
    BelowThreshold,
    AlreadyUsed,
    UsageLimitReached,
    CustomerLimitReached,
    BudgetExhausted,
    NotYourCoupon,
    CurrencyMismatch,
    NotStackable,
    TemplatePaused,
    NewCustomersOnly,
    MembersOnly,
    VelocityLimited,
    NoShippingFee,
    UnknownCustomer,

    /// <summary>Commit or release of a code that holds no live reservation for that order.</summary>
    NoReservation,

    /// <summary>Release of a redemption that was already committed (reverse it instead, at refund).</summary>
    AlreadyCommitted,
}

public static class CouponRefusals
{
    /// <summary>The wire name: <c>BelowThreshold</c> → <c>below_threshold</c>.</summary>
    public static string Code(this CouponRefusal refusal) =>
        string.Concat(refusal.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>An English sentence for logs, the CLI and API clients that do not translate codes.</summary>
    public static string Describe(this CouponRefusal refusal) => refusal switch
    {
        CouponRefusal.UnknownCode => "No coupon has this code.",
        CouponRefusal.Expired => "The coupon has expired.",
        CouponRefusal.NotYetValid => "The coupon is not valid yet.",
        CouponRefusal.WrongScope => "No item in the order is covered by the coupon.",
        CouponRefusal.BelowThreshold => "The covered items do not reach the coupon's minimum spend.",
        CouponRefusal.AlreadyUsed => "The coupon has already been used.",
        CouponRefusal.UsageLimitReached => "The code has reached its usage limit.",
        CouponRefusal.CustomerLimitReached => "The customer has used this offer as often as allowed.",
        CouponRefusal.BudgetExhausted => "The offer's budget is spent.",
        CouponRefusal.NotYourCoupon => "The coupon was issued to another customer.",
        CouponRefusal.CurrencyMismatch => "The order's currency differs from the coupon's.",
        CouponRefusal.NotStackable => "The coupon cannot be combined with another coupon on this order.",
        CouponRefusal.TemplatePaused => "The offer is paused.",
        CouponRefusal.NewCustomersOnly => "The coupon is for new customers only.",
        CouponRefusal.MembersOnly => "The coupon is for members of a higher tier.",
        CouponRefusal.VelocityLimited => "Too many coupon attempts; try again later.",
        CouponRefusal.NoShippingFee => "The order has no shipping fee to waive.",
        CouponRefusal.UnknownCustomer => "No customer has this id; send the customer to Kith first.",
        CouponRefusal.NoReservation => "The code holds no reservation for this order (never reserved, released or timed out).",
        CouponRefusal.AlreadyCommitted => "The redemption is already committed; reverse it when the order is refunded.",
        _ => refusal.ToString(),
    };
}
