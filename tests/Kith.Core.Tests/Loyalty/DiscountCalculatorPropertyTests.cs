using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Kith.Core.Loyalty.Coupons;
using Xunit;

namespace Kith.Core.Tests.Loyalty;

/// <summary>
/// <see cref="DiscountCalculator.Quote"/> over random valid terms (all four kinds, include/exclude lists over a small
/// pool of SKUs and categories, minimum spend, caps, percentages with up to four decimals, the precision the store
/// keeps) and random carts. Expectations come from <see cref="Expected"/>, which restates the documented rules in
/// <see cref="BigInteger"/> arithmetic with the percentage as an integer count of ten-thousandths of a percent;
/// it never calls the code under test.
/// </summary>
public class DiscountCalculatorPropertyTests
{
    private static readonly string[] Skus = ["tea-1", "tea-2", "cup-1", "book-1", "gift"];
    private static readonly string[] Categories = ["tea", "cups", "books"];
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(3000);

    /// <summary>Terms plus the percentage as an integer: <c>PercentOff = Percent10k / 10 000</c>.</summary>
    public sealed record Case(CouponTerms Terms, long Percent10k, Cart Cart)
    {
        public override string ToString()
        {
            var t = Terms;
            static string L(IReadOnlyList<string> l) => "[" + string.Join(',', l) + "]";
            return $"{t.Kind} {t.Currency} off={t.AmountOffMinor} pct={t.PercentOff} cap={(object?)t.MaxDiscountMinor ?? "none"} min={t.MinSpendMinor} " +
                $"incC={L(t.IncludeCategories)} incP={L(t.IncludeProducts)} excC={L(t.ExcludeCategories)} excP={L(t.ExcludeProducts)} | cart {Cart.Currency} ship={Cart.ShippingMinor} " +
                string.Join(' ', Cart.Lines.Select(l => $"{l.Sku}/{l.Category ?? "-"}:{l.UnitPriceMinor}x{l.Quantity}"));
        }
    }

    /// <summary>
    /// Percent in ten-thousandths of a percent (1..1 000 000 = 0.0001%..100%): whole percents, halves (12.5),
    /// arbitrary four-decimal values and the two extremes.
    /// </summary>
    private static Gen<int> Percent10k() => Gen.Frequency(
        (3, Gen.Choose(1, 100).Select(w => w * 10_000)),
        (2, Gen.Choose(1, 199).Select(h => h * 5_000)),
        (3, Gen.Choose(1, 1_000_000)),
        (1, Gen.Elements(1, 1_000_000)));

    private static Gen<IReadOnlyList<string>> Subset(string[] pool) => Gen.Frequency(
        (3, Gen.Constant<IReadOnlyList<string>>([])),
        (2, Gen.SubListOf(pool).Select(l => (IReadOnlyList<string>)l.ToArray())));

    private static Gen<CouponTerms> Terms(Gen<CouponKind> kinds, Gen<int> percents) =>
        from kind in kinds
        from currency in Gen.Frequency((9, Gen.Constant("CNY")), (1, Gen.Constant("JPY")))
        from p10k in percents
        from amountOff in Gen.Frequency((4, Gen.Choose(1, 20_000)), (1, Gen.Choose(1, 200_000)))
        from minSpend in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 60_000)))
        from cap in Gen.Frequency((2, Gen.Constant<long?>(null)), (1, Gen.Choose(0, 20_000).Select(c => (long?)c)))
        from incC in Subset(Categories)
        from incP in Subset(Skus)
        from excC in Subset(Categories)
        from excP in Subset(Skus)
        from stackable in Gen.Elements(false, true)
        select new CouponTerms
        {
            Kind = kind,
            Currency = currency,
            AmountOffMinor = kind is CouponKind.FixedAmount or CouponKind.Threshold ? amountOff : 0,
            PercentOff = kind == CouponKind.Percentage ? new decimal(p10k, 0, 0, false, 4) : 0m,
            MaxDiscountMinor = kind == CouponKind.Percentage ? cap : null,

            // A threshold coupon needs a minimum spend of at least its amount off.
            MinSpendMinor = kind == CouponKind.Threshold ? Math.Max(minSpend, amountOff) : minSpend,
            IncludeCategories = incC,
            IncludeProducts = incP,
            ExcludeCategories = excC,
            ExcludeProducts = excP,
            Stackable = stackable,
        };

    private static Gen<CartLine> Line() =>
        from sku in Gen.Elements(Skus)
        from category in Gen.Frequency((5, Gen.Elements(Categories).Select(c => (string?)c)), (1, Gen.Constant<string?>(null)))
        from price in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 30_000)))
        from quantity in Gen.Choose(1, 5)
        select new CartLine(sku, category, price, quantity);

    private static Gen<Cart> Carts() =>
        from currency in Gen.Frequency((9, Gen.Constant("CNY")), (1, Gen.Constant("JPY")))
        from lines in Gen.Choose(0, 6).SelectMany(n => Gen.ListOf(Line(), n))
        from shipping in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 2_000)))
        select new Cart(currency, lines.ToArray(), shipping);

    internal static Gen<Case> Cases(Gen<CouponKind>? kinds = null) =>
        from terms in Terms(kinds ?? Gen.Elements(Enum.GetValues<CouponKind>()), Percent10k())
        from cart in Carts()
        select new Case(terms, (long)(terms.PercentOff * 10_000m), cart);

    // ---- the independent model ----

    /// <summary>The documented scope rule: (no include lists, or product or category included) and neither excluded.</summary>
    private static bool InScope(CouponTerms t, CartLine l)
    {
        var noIncludes = t.IncludeCategories.Count == 0 && t.IncludeProducts.Count == 0;
        var included = noIncludes || t.IncludeProducts.Any(p => p == l.Sku) || (l.Category is { } c && t.IncludeCategories.Any(x => x == c));
        var excluded = t.ExcludeProducts.Any(p => p == l.Sku) || (l.Category is { } d && t.ExcludeCategories.Any(x => x == d));
        return included && !excluded;
    }

    private static BigInteger CoveredOf(Case c) =>
        c.Cart.Lines.Where(l => InScope(c.Terms, l)).Aggregate(BigInteger.Zero, (s, l) => s + (BigInteger)l.UnitPriceMinor * l.Quantity);

    /// <summary>⌊covered × p / 100⌋ with p = p10k / 10 000, i.e. ⌊covered × p10k / 1 000 000⌋ in integers.</summary>
    private static BigInteger PercentFloor(BigInteger covered, long p10k) => BigInteger.Divide(covered * p10k, 1_000_000); // both ≥ 0: truncation is floor

    /// <summary>What the quote must be: (discount, covered, refusal).</summary>
    internal static (long Discount, long Covered, CouponRefusal? Refusal) Expected(Case c)
    {
        var t = c.Terms;
        if (t.Currency != c.Cart.Currency)
        {
            return (0, 0, CouponRefusal.CurrencyMismatch);
        }

        if (!c.Cart.Lines.Any(l => InScope(t, l)))
        {
            return (0, 0, CouponRefusal.WrongScope);
        }

        var covered = CoveredOf(c);
        if (covered < t.MinSpendMinor)
        {
            return (0, (long)covered, CouponRefusal.BelowThreshold);
        }

        BigInteger discount;
        switch (t.Kind)
        {
            case CouponKind.FixedAmount or CouponKind.Threshold:
                discount = BigInteger.Min(t.AmountOffMinor, covered);
                break;
            case CouponKind.Percentage:
                discount = PercentFloor(covered, c.Percent10k);
                if (t.MaxDiscountMinor is { } cap)
                {
                    discount = BigInteger.Min(discount, cap);
                }

                break;
            case CouponKind.FreeShipping when c.Cart.ShippingMinor > 0:
                discount = c.Cart.ShippingMinor;
                break;
            case CouponKind.FreeShipping:
                return (0, (long)covered, CouponRefusal.NoShippingFee);
            default:
                throw new InvalidOperationException();
        }

        return ((long)discount, (long)covered, null);
    }

    // ---- properties ----

    [Fact]
    public void Generated_terms_are_valid()
    {
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var problems = c.Terms.Validate();
            return (problems.Count == 0).Label($"{c}: {string.Join("; ", problems)}");
        }).Check(Runs);
    }

    [Fact]
    public void Discount_is_never_negative_and_never_more_than_the_covered_goods_or_the_shipping_fee()
    {
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var q = DiscountCalculator.Quote(c.Terms, c.Cart);
            var limit = c.Terms.Kind == CouponKind.FreeShipping ? c.Cart.ShippingMinor : CoveredOf(c);
            return (q.DiscountMinor >= 0 && q.DiscountMinor <= limit).Label($"{c} → {q}, limit {limit}");
        }).Check(Runs);
    }

    [Fact]
    public void A_refusal_always_has_discount_zero()
    {
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var q = DiscountCalculator.Quote(c.Terms, c.Cart);
            return (q.Applies || q.DiscountMinor == 0).Label($"{c} → {q}");
        }).Check(Runs);
    }

    [Fact]
    public void A_currency_mismatch_is_always_refused()
    {
        // Every case with the cart's currency swapped for another one, so each run is a mismatch.
        var mismatched = Cases().Select(c => c with { Cart = c.Cart with { Currency = c.Terms.Currency == "CNY" ? "USD" : "CNY" } });
        Prop.ForAll(mismatched.ToArbitrary(), c =>
        {
            var q = DiscountCalculator.Quote(c.Terms, c.Cart);
            return (q.Refusal == CouponRefusal.CurrencyMismatch && q.DiscountMinor == 0).Label($"{c} → {q}");
        }).Check(Runs);
    }

    [Fact]
    public void Percentage_is_the_floor_of_covered_times_percent_capped()
    {
        Prop.ForAll(Cases(Gen.Constant(CouponKind.Percentage)).ToArbitrary(), c =>
        {
            var q = DiscountCalculator.Quote(c.Terms, c.Cart);
            var expected = Expected(c);
            return (q.DiscountMinor == expected.Discount && q.Refusal == expected.Refusal).Label($"{c} → {q}, expected {expected}");
        }).Check(Runs);
    }

    /// <summary>Percentages on amounts over the whole non-negative <see cref="long"/> range, against integer arithmetic.</summary>
    [Fact]
    public void PercentOf_is_exact_on_large_amounts()
    {
        var amounts = Gen.Frequency(
            (2, Gen.Choose(0, int.MaxValue).Select(v => (long)v)),
            (3, from hi in Gen.Choose(0, int.MaxValue) from lo in Gen.Choose(0, int.MaxValue) select ((long)hi << 32 | (uint)lo) & long.MaxValue),
            (1, Gen.Elements(long.MaxValue, long.MaxValue - 1, 999_999_999_999_999_999L)));
        var gen = from amount in amounts from p10k in Percent10k() select (amount, p10k);
        Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var actual = DiscountCalculator.PercentOf(x.amount, new decimal(x.p10k, 0, 0, false, 4));
            var expected = PercentFloor(x.amount, x.p10k);
            return (actual == expected).Label($"{x.p10k / 10_000m}% of {x.amount}: {actual}, expected {expected}");
        }).Check(Runs);
    }

    [Fact]
    public void Covered_goods_below_the_minimum_spend_are_refused_as_below_threshold()
    {
        // Carts in the coupon's currency with at least one covered line, and a minimum spend one above what they cover.
        var below =
            from c in Cases()
            let cart = c.Cart with { Currency = c.Terms.Currency }
            where cart.Lines.Any(l => InScope(c.Terms, l))
            let covered = cart.Lines.Where(l => InScope(c.Terms, l)).Sum(l => l.UnitPriceMinor * l.Quantity)
            from gap in Gen.Choose(1, 5_000)
            select c with { Cart = cart, Terms = c.Terms with { MinSpendMinor = covered + gap, AmountOffMinor = c.Terms.Kind == CouponKind.Threshold ? Math.Min(c.Terms.AmountOffMinor, covered + gap) : c.Terms.AmountOffMinor } };
        Prop.ForAll(below.ToArbitrary(), c =>
        {
            var q = DiscountCalculator.Quote(c.Terms, c.Cart);
            return (q.Refusal == CouponRefusal.BelowThreshold && q.DiscountMinor == 0 && q.CoveredMinor == CoveredOf(c)).Label($"{c} → {q}");
        }).Check(Runs);
    }

    [Fact]
    public void A_cart_without_a_covered_line_is_refused_as_wrong_scope()
    {
        var uncovered =
            from c in Cases()
            let cart = c.Cart with { Currency = c.Terms.Currency }
            where !cart.Lines.Any(l => InScope(c.Terms, l))
            select c with { Cart = cart };
        Prop.ForAll(uncovered.ToArbitrary(), c =>
        {
            var q = DiscountCalculator.Quote(c.Terms, c.Cart);
            return (q.Refusal == CouponRefusal.WrongScope && q.DiscountMinor == 0).Label($"{c} → {q}");
        }).Check(Runs);
    }

    /// <summary>The whole quote — discount, covered amount and refusal — against the model, for every kind.</summary>
    [Fact]
    public void Quote_matches_the_model()
    {
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var q = DiscountCalculator.Quote(c.Terms, c.Cart);
            var expected = Expected(c);
            return ((q.DiscountMinor, q.CoveredMinor, q.Refusal) == expected).Label($"{c} → {q}, expected {expected}");
        }).Check(Runs);
    }

    /// <summary>
    /// The generator reaches every outcome often enough for the properties above to mean something (the outcome
    /// is classified by the model, not by the code under test).
    /// </summary>
    [Fact]
    public void Generator_reaches_every_outcome()
    {
        var sample = Cases().Sample(6000);
        var outcomes = sample.Select(c => (c, e: Expected(c))).ToList();
        int Count(Func<(Case c, (long Discount, long Covered, CouponRefusal? Refusal) e), bool> f) => outcomes.Count(f);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", outcomes.GroupBy(o => o.e.Refusal is { } r ? r.ToString() : o.c.Terms.Kind + " applied").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}")));

        foreach (var kind in Enum.GetValues<CouponKind>())
        {
            Assert.True(Count(o => o.c.Terms.Kind == kind && o.e.Refusal is null && o.e.Discount > 0) >= 150, $"{kind} applied");
        }

        foreach (var refusal in new[] { CouponRefusal.CurrencyMismatch, CouponRefusal.WrongScope, CouponRefusal.BelowThreshold, CouponRefusal.NoShippingFee })
        {
            Assert.True(Count(o => o.e.Refusal == refusal) >= 50, $"{refusal}");
        }

        // Amount off limited by the covered goods; percentage limited by the cap; fractional percents with a remainder.
        Assert.True(Count(o => o.c.Terms.Kind is CouponKind.FixedAmount or CouponKind.Threshold && o.e.Refusal is null && o.e.Discount < o.c.Terms.AmountOffMinor) >= 30);
        Assert.True(Count(o => o.c.Terms.Kind == CouponKind.Percentage && o.e.Refusal is null && o.e.Discount == o.c.Terms.MaxDiscountMinor
            && PercentFloor(o.e.Covered, o.c.Percent10k) > o.e.Discount) >= 30);
        Assert.True(Count(o => o.c.Terms.Kind == CouponKind.Percentage && o.e.Refusal is null && o.c.Percent10k % 10_000 != 0
            && (o.e.Covered * o.c.Percent10k) % 1_000_000 != 0) >= 100);
        Assert.True(Count(o => o.c.Terms.ExcludeCategories.Count + o.c.Terms.ExcludeProducts.Count > 0 && o.e.Refusal is null) >= 100);
    }
}
