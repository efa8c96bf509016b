using Kith.Core.Loyalty;
using Kith.Core.Loyalty.Coupons;
using Kith.Core.Loyalty.Points;
using Kith.Data.Loyalty;

namespace Kith.Server.Loyalty;

/// <summary>One line of the order at checkout. Prices in currency units (e.g. 299.00), as the shopper sees them.</summary>
public sealed class CartLineInput
{
    public string? Sku { get; set; }
    public string? Category { get; set; }
    public decimal? UnitPrice { get; set; }
    public int? Quantity { get; set; }
}

/// <summary>
/// A checkout's coupon request. <c>action</c> (redeem only): <c>reserve</c> at order placement (needs the cart),
/// <c>commit</c> at payment, <c>release</c> on cancellation, <c>reverse</c> on refund.
/// </summary>
public sealed class CouponRequest
{
    public string? Action { get; set; }
    public string? CustomerId { get; set; }
    public string? Code { get; set; }
    public string? OrderId { get; set; }
    public string? Currency { get; set; }
    public List<CartLineInput>? Lines { get; set; }
    public decimal? Shipping { get; set; }
    public int? HoldMinutes { get; set; }
    public string? Device { get; set; }
    public string? Ip { get; set; }

    /// <summary>The cart in minor units, or the problems with it, each naming its field.</summary>
    public (Cart? Cart, Dictionary<string, string[]> Problems) ToCart()
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!CurrencyUnits.IsKnown(Currency))
        {
            problems["currency"] = [Currency is null ? "required" : $"'{Currency}' is not an ISO 4217 currency code Kith knows"];
            return (null, problems);
        }

        if (Lines is null || Lines.Count == 0)
        {
            problems["lines"] = ["must hold at least one line"];
        }

        var lines = new List<CartLine>();
        for (var i = 0; i < (Lines?.Count ?? 0); i++)
        {
            var l = Lines![i];
            if (string.IsNullOrWhiteSpace(l?.Sku))
            {
                problems[$"lines[{i}].sku"] = ["required"];
                continue;
            }

            if (l.Quantity is not (>= 1 and <= 100_000))
            {
                problems[$"lines[{i}].quantity"] = ["must be a whole number from 1 to 100000"];
            }

            if (Minor(l.UnitPrice, Currency!) is not { } price)
            {
                problems[$"lines[{i}].unitPrice"] = [MoneyProblem(l.UnitPrice, Currency!)];
                continue;
            }

            if (l.Quantity is { } q and >= 1 and <= 100_000)
            {
                lines.Add(new CartLine(l.Sku, l.Category, price, q));
            }
        }

        long shipping = 0;
        if (Shipping is not null && Minor(Shipping, Currency!) is not { } s)
        {
            problems["shipping"] = [MoneyProblem(Shipping, Currency!)];
        }
        else if (Shipping is not null)
        {
            shipping = Minor(Shipping, Currency!)!.Value;
        }

        return problems.Count > 0 ? (null, problems) : (new Cart(Currency!, lines, shipping), problems);
    }

    internal static long? Minor(decimal? amount, string currency) => amount is { } a ? CurrencyUnits.ToMinor(a, currency) : null;

    internal static string MoneyProblem(decimal? amount, string currency) => amount switch
    {
        null => "required",
        < 0 => "must not be negative",
        _ => $"{amount} has more decimals than {currency} allows ({CurrencyUnits.DecimalDigits(currency)})",
    };
}

/// <summary>The answer to a coupon request; amounts in currency units and minor units.</summary>
public sealed record CouponResponse(bool Ok, string? Reason, string? Message, string Code, string OrderId, decimal Discount, long DiscountMinor,
    string Currency, string? Status, DateTimeOffset? HoldUntil)
{
    public static CouponResponse From(CouponDecision d) => new(d.Ok, d.Reason, d.Message, d.Code, d.OrderRef,
        CurrencyUnits.IsKnown(d.Currency) ? CurrencyUnits.FromMinor(d.DiscountMinor, d.Currency) : 0m, d.DiscountMinor, d.Currency, d.Status, d.HoldUntil);
}

/// <summary>Earn points: a fixed amount with a source, or (no <c>points</c>) the program's points for a behaviour, capped per day.</summary>
public sealed class PointsEarnRequest
{
    public long? Points { get; set; }
    public PointsSource? Source { get; set; }
    public string? Reason { get; set; }
    public string? Reference { get; set; }
}

public sealed class PointsRedeemRequest
{
    public long? Points { get; set; }
    public string? Reason { get; set; }
    public string? Reference { get; set; }
}

public sealed class PointsAdjustRequest
{
    public long? Delta { get; set; }
    public string? Reason { get; set; }
}

public sealed class MallOrderRequest
{
    public string? CustomerId { get; set; }
    public long? RewardId { get; set; }
}

/// <summary>Issue an offer's codes: to a saved segment, to listed customers, or <c>count</c> anonymous codes.</summary>
public sealed class CouponIssueRequest
{
    public long? SegmentId { get; set; }
    public List<string>? CustomerIds { get; set; }
    public int? Count { get; set; }
    public string? Prefix { get; set; }
}

public sealed class SharedCodeRequest
{
    public string? Code { get; set; }
    public int? MaxUses { get; set; }
}

/// <summary>A new offer; money in currency units.</summary>
public sealed class CouponTemplateInput
{
    public string? Name { get; set; }
    public CouponPurpose? Purpose { get; set; }
    public CouponKind? Kind { get; set; }
    public string? Currency { get; set; }
    public decimal? AmountOff { get; set; }
    public decimal? PercentOff { get; set; }
    public decimal? MaxDiscount { get; set; }
    public decimal? MinSpend { get; set; }
    public List<string>? IncludeCategories { get; set; }
    public List<string>? IncludeProducts { get; set; }
    public List<string>? ExcludeCategories { get; set; }
    public List<string>? ExcludeProducts { get; set; }
    public bool? Stackable { get; set; }
    public DateTimeOffset? ValidFrom { get; set; }
    public DateTimeOffset? ValidTo { get; set; }
    public int? ValidDaysAfterIssue { get; set; }
    public int? PerCustomerLimit { get; set; }
    public decimal? Budget { get; set; }
    public int? MinTierRank { get; set; }

    public (CouponTemplateRow? Row, Dictionary<string, string[]> Problems) ToRow(string createdBy)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Kind is null)
        {
            problems["kind"] = ["required: fixed_amount, percentage, threshold or free_shipping"];
        }

        var currency = Currency ?? "CNY";
        if (!CurrencyUnits.IsKnown(currency))
        {
            problems["currency"] = [$"'{currency}' is not an ISO 4217 currency code Kith knows"];
            return (null, problems);
        }

        long? Money(string field, decimal? value)
        {
            if (value is null)
            {
                return null;
            }

            var minor = CurrencyUnits.ToMinor(value.Value, currency);
            if (minor is null)
            {
                problems[field] = [CouponRequest.MoneyProblem(value, currency)];
            }

            return minor;
        }

        var row = new CouponTemplateRow
        {
            Name = Name?.Trim() ?? "", Purpose = Purpose ?? CouponPurpose.Promotion, Kind = Kind ?? CouponKind.FixedAmount, Currency = currency,
            AmountOffMinor = Money("amountOff", AmountOff) ?? 0, PercentOff = PercentOff ?? 0m, MaxDiscountMinor = Money("maxDiscount", MaxDiscount),
            MinSpendMinor = Money("minSpend", MinSpend) ?? 0, IncludeCategories = IncludeCategories ?? [], IncludeProducts = IncludeProducts ?? [],
            ExcludeCategories = ExcludeCategories ?? [], ExcludeProducts = ExcludeProducts ?? [], Stackable = Stackable ?? false,
            ValidFrom = ValidFrom?.ToUniversalTime(), ValidTo = ValidTo?.ToUniversalTime(), ValidDaysAfterIssue = ValidDaysAfterIssue,
            PerCustomerLimit = PerCustomerLimit, BudgetMinor = Money("budget", Budget), MinTierRank = MinTierRank, CreatedBy = createdBy,
        };
        return problems.Count > 0 ? (null, problems) : (row, problems);
    }
}

/// <summary>An offer as the API shows it.</summary>
public sealed record CouponTemplateResponse(long Id, string Name, CouponPurpose Purpose, CouponKind Kind, string Currency, decimal AmountOff, decimal PercentOff,
    decimal? MaxDiscount, decimal MinSpend, IReadOnlyList<string> IncludeCategories, IReadOnlyList<string> IncludeProducts, IReadOnlyList<string> ExcludeCategories,
    IReadOnlyList<string> ExcludeProducts, bool Stackable, DateTimeOffset? ValidFrom, DateTimeOffset? ValidTo, int? ValidDaysAfterIssue, int? PerCustomerLimit,
    decimal? Budget, decimal BudgetUsed, int? MinTierRank, string Status, long Issued, DateTimeOffset CreatedAt)
{
    public static CouponTemplateResponse From(CouponTemplateRow t)
    {
        decimal M(long minor) => CurrencyUnits.FromMinor(minor, t.Currency);
        return new(t.Id, t.Name, t.Purpose, t.Kind, t.Currency, M(t.AmountOffMinor), t.PercentOff, t.MaxDiscountMinor is { } x ? M(x) : null, M(t.MinSpendMinor),
            t.IncludeCategories, t.IncludeProducts, t.ExcludeCategories, t.ExcludeProducts, t.Stackable, t.ValidFrom, t.ValidTo, t.ValidDaysAfterIssue,
            t.PerCustomerLimit, t.BudgetMinor is { } b ? M(b) : null, M(t.BudgetUsedMinor), t.MinTierRank, t.Status, t.IssuedCount, t.CreatedAt);
    }
}
