namespace Kith.Core.Loyalty.Coupons;

/// <summary>What a coupon takes off.</summary>
public enum CouponKind
{
    /// <summary>A fixed amount off the eligible goods (never more than they cost).</summary>
    FixedAmount,

    /// <summary>A percentage off the eligible goods, rounded down to the minor unit, optionally capped.</summary>
    Percentage,

    /// <summary>"满300减50": a fixed amount off once the eligible goods reach a minimum spend.</summary>
    Threshold,

    /// <summary>The order's shipping fee.</summary>
    FreeShipping,
}

/// <summary>Who a template is meant for; <see cref="NewCustomer"/> and <see cref="MemberExclusive"/> are enforced.</summary>
public enum CouponPurpose
{
    /// <summary>Only customers without a paid order may use it.</summary>
    NewCustomer,

    Returning,

    Promotion,

    /// <summary>Only customers with a membership tier (at least the template's minimum tier) may use it.</summary>
    MemberExclusive,
}
