namespace Kith.Core.Loyalty.Coupons;

/// <summary>
/// What a coupon gives and on what. Money is in minor units of <see cref="Currency"/> (docs/loyalty.md).
/// Scope: a line is covered when (no include lists, or its product or category is included) and neither its product
/// nor its category is excluded.
/// </summary>
public sealed record CouponTerms
{
    public required CouponKind Kind { get; init; }
    public required string Currency { get; init; }

    /// <summary>Amount off for <see cref="CouponKind.FixedAmount"/> and <see cref="CouponKind.Threshold"/>.</summary>
    public long AmountOffMinor { get; init; }

    /// <summary>Percent off (0 &lt; p ≤ 100) for <see cref="CouponKind.Percentage"/>.</summary>
    public decimal PercentOff { get; init; }

    /// <summary>The most a percentage coupon takes off; null for no cap.</summary>
    public long? MaxDiscountMinor { get; init; }

    /// <summary>The covered goods must reach this (the threshold of "满300减50"; optional for the other kinds).</summary>
    public long MinSpendMinor { get; init; }

    public IReadOnlyList<string> IncludeCategories { get; init; } = [];
    public IReadOnlyList<string> IncludeProducts { get; init; } = [];
    public IReadOnlyList<string> ExcludeCategories { get; init; } = [];
    public IReadOnlyList<string> ExcludeProducts { get; init; } = [];

    /// <summary>Whether it may be combined with other stackable coupons on one order.</summary>
    public bool Stackable { get; init; }

    public bool Covers(CartLine line)
    {
        if (ExcludeProducts.Contains(line.Sku, StringComparer.Ordinal) || InAny(line.Category, ExcludeCategories))
        {
            return false;
        }

        return (IncludeCategories.Count == 0 && IncludeProducts.Count == 0)
            || IncludeProducts.Contains(line.Sku, StringComparer.Ordinal)
            || InAny(line.Category, IncludeCategories);
    }

    /// <summary>A category covers its sub-categories: "Home" covers "Home &gt; Kitchen &gt; Coffee".</summary>
    private static bool InAny(string? category, IReadOnlyList<string> categories) =>
        category is not null && categories.Any(c => category == c || category.StartsWith(c + " > ", StringComparison.Ordinal));

    /// <summary>Problems with the terms themselves, each naming its field; empty when they are sound.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!CurrencyUnits.IsKnown(Currency))
        {
            problems.Add($"currency: '{Currency}' is not an ISO 4217 code Kith knows.");
        }

        switch (Kind)
        {
            case CouponKind.FixedAmount or CouponKind.Threshold when AmountOffMinor <= 0:
                problems.Add("amountOff: must be more than zero.");
                break;
            case CouponKind.Percentage when PercentOff <= 0m || PercentOff > 100m:
                problems.Add("percentOff: must be more than 0 and at most 100.");
                break;
            case CouponKind.Threshold when MinSpendMinor <= 0:
                problems.Add("minSpend: a threshold coupon needs a minimum spend.");
                break;
        }

        if (Kind == CouponKind.Threshold && MinSpendMinor > 0 && AmountOffMinor > MinSpendMinor)
        {
            problems.Add("amountOff: more than the minimum spend; the coupon would pay the customer.");
        }

        if (MinSpendMinor < 0 || MaxDiscountMinor < 0)
        {
            problems.Add("minSpend/maxDiscount: must not be negative.");
        }

        return problems;
    }
}

/// <summary>One line of the order being checked out. <see cref="UnitPriceMinor"/> is after item-level promotions.</summary>
public sealed record CartLine(string Sku, string? Category, long UnitPriceMinor, int Quantity)
{
    public long SubtotalMinor => checked(UnitPriceMinor * Quantity);
}

/// <summary>The order being checked out, in minor units of <see cref="Currency"/>.</summary>
public sealed record Cart(string Currency, IReadOnlyList<CartLine> Lines, long ShippingMinor)
{
    public long GoodsMinor => Lines.Sum(l => l.SubtotalMinor);
}
