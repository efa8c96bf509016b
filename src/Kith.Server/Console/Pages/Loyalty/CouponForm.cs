using System.Globalization;
using Kith.Core.Loyalty.Coupons;
using Kith.Data.Loyalty;

namespace Kith.Server.Console.Pages.Loyalty;

/// <summary>
/// The "new offer" form as typed: amounts in currency units as text, validity as store-local days. <see cref="Build"/>
/// turns it into a draft for <see cref="CouponIssuer.CreateTemplateAsync"/> or says which fields it cannot read;
/// the issuer then checks the terms themselves (its problems name the same fields).
/// </summary>
public sealed class CouponForm
{
    public const string AmountOffField = "amountOff";
    public const string PercentOffField = "percentOff";
    public const string MaxDiscountField = "maxDiscount";
    public const string MinSpendField = "minSpend";
    public const string BudgetField = "budget";
    public const string ValidFromField = "validFrom";
    public const string ValidToField = "validTo";
    public const string ValidDaysField = "validDaysAfterIssue";

    public string Name { get; set; } = "";
    public CouponPurpose Purpose { get; set; } = CouponPurpose.Promotion;
    public CouponKind Kind { get; set; } = CouponKind.Threshold;
    public string Currency { get; set; } = "CNY";
    public string? AmountOff { get; set; }
    public string? PercentOff { get; set; }
    public string? MaxDiscount { get; set; }
    public string? MinSpend { get; set; }
    public string? Budget { get; set; }
    public string? IncludeCategories { get; set; }
    public string? IncludeProducts { get; set; }
    public string? ExcludeCategories { get; set; }
    public string? ExcludeProducts { get; set; }
    public bool Stackable { get; set; }

    /// <summary>True: each code is valid <see cref="ValidDays"/> days from its issue; false: the window <see cref="ValidFrom"/>–<see cref="ValidTo"/>.</summary>
    public bool DaysAfterIssue { get; set; }

    /// <summary>First and last day of the window, in the store's zone (the whole last day is included).</summary>
    public DateTime? ValidFrom { get; set; }

    public DateTime? ValidTo { get; set; }
    public int? ValidDays { get; set; }
    public int? PerCustomerLimit { get; set; }
    public int? MinTierRank { get; set; }

    public bool UsesAmountOff => Kind is CouponKind.FixedAmount or CouponKind.Threshold;

    public bool UsesPercent => Kind == CouponKind.Percentage;

    /// <summary>What the form could not read, by field: an amount problem, or null for a required field left empty.</summary>
    public sealed record Unreadable(string Field, AmountProblem? Amount);

    /// <param name="startOfDay">The UTC instant a store-local day starts.</param>
    public (CouponTemplateRow? Draft, IReadOnlyList<Unreadable> Problems) Build(Func<DateOnly, DateTimeOffset> startOfDay, string createdBy)
    {
        var currency = Currency.Trim().ToUpperInvariant();
        var problems = new List<Unreadable>();
        long? Amount(string field, string? text, bool required)
        {
            var (minor, problem) = AmountText.Parse(text, currency, required);
            if (problem is { } p)
            {
                problems.Add(new Unreadable(field, p));
            }

            return minor;
        }

        var amountOff = UsesAmountOff ? Amount(AmountOffField, AmountOff, required: true) : null;
        var maxDiscount = UsesPercent ? Amount(MaxDiscountField, MaxDiscount, required: false) : null;
        var minSpend = Amount(MinSpendField, MinSpend, required: Kind == CouponKind.Threshold);
        var budget = Amount(BudgetField, Budget, required: false);
        decimal percent = 0;
        if (UsesPercent && !decimal.TryParse(PercentOff?.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out percent))
        {
            problems.Add(new Unreadable(PercentOffField, string.IsNullOrWhiteSpace(PercentOff) ? AmountProblem.Missing : AmountProblem.NotANumber));
        }

        if (DaysAfterIssue && ValidDays is null)
        {
            problems.Add(new Unreadable(ValidDaysField, null));
        }

        if (!DaysAfterIssue && ValidTo is null)
        {
            problems.Add(new Unreadable(ValidToField, null));
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        return (new CouponTemplateRow
        {
            Name = Name.Trim(),
            Purpose = Purpose,
            Kind = Kind,
            Currency = currency,
            AmountOffMinor = amountOff ?? 0,
            PercentOff = UsesPercent ? percent : 0,
            MaxDiscountMinor = maxDiscount,
            MinSpendMinor = minSpend ?? 0,
            IncludeCategories = List(IncludeCategories),
            IncludeProducts = List(IncludeProducts),
            ExcludeCategories = List(ExcludeCategories),
            ExcludeProducts = List(ExcludeProducts),
            Stackable = Stackable,
            ValidFrom = !DaysAfterIssue && ValidFrom is { } from ? startOfDay(DateOnly.FromDateTime(from)) : null,
            // The last day is included: valid until the instant before the next day starts.
            ValidTo = !DaysAfterIssue && ValidTo is { } to ? startOfDay(DateOnly.FromDateTime(to).AddDays(1)).AddMicroseconds(-1) : null,
            ValidDaysAfterIssue = DaysAfterIssue ? ValidDays : null,
            PerCustomerLimit = PerCustomerLimit,
            BudgetMinor = budget,
            MinTierRank = Purpose == CouponPurpose.MemberExclusive ? MinTierRank : null,
            CreatedBy = createdBy,
        }, []);
    }

    /// <summary>"shoes, bags，hats" → [shoes, bags, hats] (commas of either width, blanks dropped, duplicates once).</summary>
    public static List<string> List(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split([',', '，', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
}
