using Kith.Core.Loyalty;
using Kith.Core.Loyalty.Coupons;
using Xunit;

namespace Kith.Core.Tests.Loyalty;

/// <summary>Hand-worked discounts and currency conversions; every expected value is worked out in the comment beside it.</summary>
public class DiscountExampleTests
{
    private static long Minor(decimal amount, string currency) =>
        CurrencyUnits.ToMinor(amount, currency) ?? throw new InvalidOperationException($"{amount} {currency} refused");

    private static Cart Cart(string currency, params (string Sku, string? Category, decimal Price)[] lines) =>
        new(currency, lines.Select(l => new CartLine(l.Sku, l.Category, Minor(l.Price, currency), 1)).ToArray(), 0);

    /// <summary>"满300减50": 50 CNY off once the covered goods reach 300 CNY; gift cards do not count.</summary>
    private static readonly CouponTerms Spend300Get50 = new()
    {
        Kind = CouponKind.Threshold,
        Currency = "CNY",
        MinSpendMinor = 30000,
        AmountOffMinor = 5000,
        ExcludeCategories = ["gift-cards"],
    };

    [Fact]
    public void Spend_300_get_50_refuses_299_99()
    {
        Assert.Empty(Spend300Get50.Validate());
        var q = DiscountCalculator.Quote(Spend300Get50, Cart("CNY", ("tea-1", "tea", 299.99m)));
        Assert.Equal(CouponRefusal.BelowThreshold, q.Refusal);
        Assert.Equal("below_threshold", q.Refusal!.Value.Code());
        Assert.Equal(0, q.DiscountMinor);
        Assert.Equal(29999, q.CoveredMinor);
    }

    [Fact]
    public void Spend_300_get_50_takes_50_off_300_00()
    {
        var q = DiscountCalculator.Quote(Spend300Get50, Cart("CNY", ("tea-1", "tea", 120.00m), ("cup-1", "cups", 180.00m)));
        Assert.Null(q.Refusal);
        Assert.Equal(5000, q.DiscountMinor); // 50.00 CNY
        Assert.Equal(30000, q.CoveredMinor);
    }

    [Fact]
    public void Spend_300_get_50_refuses_320_when_30_of_it_is_excluded()
    {
        // 290 of tea is covered, the 30 gift card is not: 290 < 300.
        var q = DiscountCalculator.Quote(Spend300Get50, Cart("CNY", ("tea-1", "tea", 290.00m), ("card-30", "gift-cards", 30.00m)));
        Assert.Equal(CouponRefusal.BelowThreshold, q.Refusal);
        Assert.Equal(0, q.DiscountMinor);
        Assert.Equal(29000, q.CoveredMinor);
    }

    [Fact]
    public void Fifteen_percent_off_33_33_is_4_99_rounded_down()
    {
        // 3333 fen × 15 / 100 = 499.95 fen → 499 fen.
        var terms = new CouponTerms { Kind = CouponKind.Percentage, Currency = "CNY", PercentOff = 15m };
        var q = DiscountCalculator.Quote(terms, Cart("CNY", ("tea-1", "tea", 33.33m)));
        Assert.Null(q.Refusal);
        Assert.Equal(499, q.DiscountMinor);
        Assert.Equal("4.99 CNY", CurrencyUnits.Format(q.DiscountMinor, "CNY"));
    }

    [Fact]
    public void Percentage_is_capped()
    {
        // 20% of 1000.00 = 200.00, capped at 88.00.
        var terms = new CouponTerms { Kind = CouponKind.Percentage, Currency = "CNY", PercentOff = 20m, MaxDiscountMinor = 8800 };
        Assert.Equal(8800, DiscountCalculator.Quote(terms, Cart("CNY", ("tea-1", "tea", 1000m))).DiscountMinor);
    }

    [Fact]
    public void Fifteen_percent_off_3333_yen_is_499_yen()
    {
        // JPY has no minor unit: ¥3333 × 15 / 100 = 499.95 → ¥499.
        var terms = new CouponTerms { Kind = CouponKind.Percentage, Currency = "JPY", PercentOff = 15m };
        var cart = Cart("JPY", ("tea-1", "tea", 3333m));
        Assert.Equal(3333, cart.GoodsMinor);
        var q = DiscountCalculator.Quote(terms, cart);
        Assert.Equal(499, q.DiscountMinor);
        Assert.Equal("499 JPY", CurrencyUnits.Format(q.DiscountMinor, "JPY"));
    }

    [Fact]
    public void Twelve_and_a_half_percent_off_10_005_dinars_is_1_250()
    {
        // KWD has three decimals: 10005 fils × 12.5 / 100 = 1250.625 → 1250 fils = 1.250 KWD.
        var terms = new CouponTerms { Kind = CouponKind.Percentage, Currency = "KWD", PercentOff = 12.5m };
        var q = DiscountCalculator.Quote(terms, Cart("KWD", ("tea-1", "tea", 10.005m)));
        Assert.Equal(1250, q.DiscountMinor);
        Assert.Equal("1.250 KWD", CurrencyUnits.Format(q.DiscountMinor, "KWD"));
    }

    [Fact]
    public void Fixed_amount_never_exceeds_the_covered_goods()
    {
        // 20.00 off, but only the 12.00 cup is in scope: 12.00 off.
        var terms = new CouponTerms { Kind = CouponKind.FixedAmount, Currency = "CNY", AmountOffMinor = 2000, IncludeCategories = ["cups"] };
        var q = DiscountCalculator.Quote(terms, Cart("CNY", ("tea-1", "tea", 50m), ("cup-1", "cups", 12m)));
        Assert.Equal(1200, q.DiscountMinor);
    }

    [Fact]
    public void Free_shipping_takes_the_fee_or_is_refused_without_one()
    {
        var terms = new CouponTerms { Kind = CouponKind.FreeShipping, Currency = "CNY" };
        var cart = Cart("CNY", ("tea-1", "tea", 50m));
        Assert.Equal(1200, DiscountCalculator.Quote(terms, cart with { ShippingMinor = 1200 }).DiscountMinor);
        var none = DiscountCalculator.Quote(terms, cart);
        Assert.Equal(CouponRefusal.NoShippingFee, none.Refusal);
        Assert.Equal(0, none.DiscountMinor);
    }

    [Fact]
    public void Include_by_product_or_category_and_exclude_wins()
    {
        // Included: category tea, product cup-1. Excluded: product tea-2. tea-1 (10) + cup-1 (20) covered; tea-2 and book-1 not.
        var terms = new CouponTerms
        {
            Kind = CouponKind.Percentage, Currency = "CNY", PercentOff = 100m,
            IncludeCategories = ["tea"], IncludeProducts = ["cup-1"], ExcludeProducts = ["tea-2"],
        };
        var q = DiscountCalculator.Quote(terms, Cart("CNY", ("tea-1", "tea", 10m), ("tea-2", "tea", 40m), ("cup-1", "cups", 20m), ("book-1", "books", 80m)));
        Assert.Equal(3000, q.CoveredMinor);
        Assert.Equal(3000, q.DiscountMinor);
        Assert.Equal(CouponRefusal.WrongScope, DiscountCalculator.Quote(terms, Cart("CNY", ("book-1", "books", 80m))).Refusal);
    }

    [Fact]
    public void A_cart_in_another_currency_is_refused()
    {
        var q = DiscountCalculator.Quote(Spend300Get50, Cart("USD", ("tea-1", "tea", 500m)));
        Assert.Equal(CouponRefusal.CurrencyMismatch, q.Refusal);
        Assert.Equal(0, q.DiscountMinor);
    }

    // ---- CurrencyUnits ----

    [Theory]
    [InlineData("9.99", "CNY", 999L)]
    [InlineData("9.990", "CNY", 999L)] // a trailing zero is the same amount
    [InlineData("0", "CNY", 0L)]
    [InlineData("300.00", "CNY", 30000L)]
    [InlineData("3333", "JPY", 3333L)]
    [InlineData("3333.0", "JPY", 3333L)]
    [InlineData("10.005", "KWD", 10005L)]
    [InlineData("1.5", "KWD", 1500L)]
    [InlineData("92233720368547758.07", "CNY", long.MaxValue)]
    [InlineData("9223372036854775807", "JPY", long.MaxValue)]
    public void ToMinor_converts_exact_amounts(string amount, string currency, long expected) =>
        Assert.Equal(expected, CurrencyUnits.ToMinor(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));

    [Theory]
    [InlineData("9.999", "CNY")] // more decimals than CNY has: a checkout bug, refused rather than rounded
    [InlineData("0.001", "USD")]
    [InlineData("-0.01", "CNY")]
    [InlineData("-1", "JPY")]
    [InlineData("3333.5", "JPY")]
    [InlineData("1.2345", "KWD")]
    [InlineData("92233720368547758.08", "CNY")] // one fen more than a long holds
    [InlineData("9223372036854775808", "JPY")]
    [InlineData("79228162514264337593543950335", "KWD")] // decimal.MaxValue: too large, refused (not an overflow exception)
    [InlineData("79228162514264337593543950335", "JPY")]
    public void ToMinor_refuses_negative_too_precise_and_too_large_amounts(string amount, string currency) =>
        Assert.Null(CurrencyUnits.ToMinor(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));

    [Theory]
    [InlineData("XYZ")]
    [InlineData("cny")] // codes are upper case
    [InlineData("")]
    public void ToMinor_refuses_unknown_currencies(string currency)
    {
        Assert.False(CurrencyUnits.IsKnown(currency));
        Assert.Throws<ArgumentException>(() => CurrencyUnits.ToMinor(1m, currency));
    }

    [Fact]
    public void Minor_units_round_trip()
    {
        Assert.Equal(0, CurrencyUnits.DecimalDigits("JPY"));
        Assert.Equal(2, CurrencyUnits.DecimalDigits("CNY"));
        Assert.Equal(3, CurrencyUnits.DecimalDigits("KWD"));
        Assert.Equal(10.005m, CurrencyUnits.FromMinor(10005, "KWD"));
        Assert.Equal(3333m, CurrencyUnits.FromMinor(3333, "JPY"));
        Assert.Equal("299.99 CNY", CurrencyUnits.Format(29999, "CNY"));
        Assert.Equal("0.005 KWD", CurrencyUnits.Format(5, "KWD"));
    }
}
