namespace Kith.Core.Loyalty.Coupons;

/// <summary>The discount a coupon gives on a cart, or why it gives none.</summary>
public readonly record struct CouponQuote(long DiscountMinor, long CoveredMinor, CouponRefusal? Refusal)
{
    public bool Applies => Refusal is null;

    public static CouponQuote Refused(CouponRefusal refusal, long coveredMinor = 0) => new(0, coveredMinor, refusal);
}

/// <summary>
/// Discount arithmetic (docs/loyalty.md, "Discounts"): integers in the currency's minor unit. A percentage rounds
/// down (the store never gives more than it advertised); no discount exceeds the covered goods (or, for free
/// shipping, the fee), and none is negative.
/// </summary>
public static class DiscountCalculator
{
    public static CouponQuote Quote(CouponTerms terms, Cart cart)
    {
        if (!string.Equals(terms.Currency, cart.Currency, StringComparison.Ordinal))
        {
            return CouponQuote.Refused(CouponRefusal.CurrencyMismatch);
        }

        long covered = 0;
        var anyCovered = false;
        foreach (var line in cart.Lines)
        {
            if (terms.Covers(line))
            {
                covered = checked(covered + line.SubtotalMinor);
                anyCovered = true;
            }
        }

        if (!anyCovered)
        {
            return CouponQuote.Refused(CouponRefusal.WrongScope);
        }

        if (covered < terms.MinSpendMinor)
        {
            return CouponQuote.Refused(CouponRefusal.BelowThreshold, covered);
        }

        long discount = terms.Kind switch
        {
            CouponKind.FixedAmount or CouponKind.Threshold => Math.Min(terms.AmountOffMinor, covered),
            CouponKind.Percentage => Math.Min(PercentOf(covered, terms.PercentOff), terms.MaxDiscountMinor ?? long.MaxValue),
            CouponKind.FreeShipping => cart.ShippingMinor,
            _ => 0,
        };

        if (terms.Kind == CouponKind.FreeShipping && discount <= 0)
        {
            return CouponQuote.Refused(CouponRefusal.NoShippingFee, covered);
        }

        return new CouponQuote(Math.Max(0, discount), covered, null);
    }

    /// <summary>⌊amount × percent / 100⌋ in exact decimal arithmetic.</summary>
    public static long PercentOf(long amountMinor, decimal percent) =>
        (long)decimal.Floor(amountMinor * percent / 100m);
}
