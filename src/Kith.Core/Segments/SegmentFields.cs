namespace Kith.Core.Segments;

/// <summary>Numbers a rule can compare. Missing values (e.g. recency of a customer who never bought) never match.</summary>
public enum NumberField
{
    RecencyDays,
    Orders,
    Spend,
    RScore,
    FScore,
    MScore,
    DaysSinceRegistered,
    DaysToBirthday,
    DaysSinceFirstPurchase,
    FirstPurchaseAnniversary,
    Clv,
    PAlive,
    ChurnRisk,
}

/// <summary>Text a rule can compare with <c>=</c>, <c>!=</c> and <c>in</c>.</summary>
public enum TextField
{
    Lifecycle,
    Tier,
    RfmGroup,
    Gender,
    Country,
    Region,
    City,
    SourceChannel,
    ChurnBand,
}

public enum FlagField
{
    ConsentEmail,
    ConsentSms,
    ConsentPush,
    ConsentWeChat,
}

public enum FieldKind
{
    Number,
    Choice,
    Text,
    Flag,
    Tag,
}

/// <summary>
/// One name a rule can use, for the parser's checks, the visual builder and the docs. <c>Values</c> lists the
/// values allowed for a <see cref="FieldKind.Choice"/>, as written in rules.
/// </summary>
public sealed record FieldInfo(string Name, FieldKind Kind, string Group, string Description, IReadOnlyList<string> Values)
{
    public IReadOnlyList<CompareOp> Operators => Kind switch
    {
        FieldKind.Number => [CompareOp.Equal, CompareOp.NotEqual, CompareOp.Less, CompareOp.LessOrEqual, CompareOp.Greater, CompareOp.GreaterOrEqual, CompareOp.In],
        FieldKind.Flag => [CompareOp.Equal],
        _ => [CompareOp.Equal, CompareOp.NotEqual, CompareOp.In],
    };
}

/// <summary>A function a rule can call: <c>events(…)</c> gives a number; <c>bought(…)</c> and <c>bought_category(…)</c> are conditions.</summary>
public sealed record FunctionInfo(string Name, bool IsCondition, string Signature, string Description);

/// <summary>The catalogue of names in the rule language (docs/segments.md lists the same; a test keeps them equal).</summary>
public static class SegmentFields
{
    /// <summary>Longest event or purchase window, in days; the in-memory profiles keep this much history.</summary>
    public const int MaxWindowDays = 366;

    public static IReadOnlyList<string> Lifecycles { get; } = ["prospect", "new", "active", "silent", "sleeping", "churned"];

    public static IReadOnlyList<string> Tiers { get; } = ["high_value", "potential", "ordinary", "sleeping", "churned"];

    public static IReadOnlyList<string> RfmGroups { get; } =
        ["champions", "loyal", "potential_loyalist", "new", "promising", "need_attention", "about_to_sleep", "at_risk", "cant_lose", "hibernating", "lost"];

    public static IReadOnlyList<string> Genders { get; } = ["female", "male", "other", "unknown"];

    public static IReadOnlyList<string> ChurnBands { get; } = ["low", "medium", "high"];

    public static IReadOnlyList<FieldInfo> All { get; } =
    [
        new("recency_days", FieldKind.Number, "value", "Whole days from the last paid order to the date of the last recompute", []),
        new("orders", FieldKind.Number, "value", "Paid orders (RFM frequency)", []),
        new("spend", FieldKind.Number, "value", "Paid amount net of refunds (RFM monetary)", []),
        new("r_score", FieldKind.Number, "value", "RFM recency score, 1–5", []),
        new("f_score", FieldKind.Number, "value", "RFM frequency score, 1–5", []),
        new("m_score", FieldKind.Number, "value", "RFM monetary score, 1–5", []),
        new("lifecycle", FieldKind.Choice, "value", "Lifecycle stage", Lifecycles),
        new("tier", FieldKind.Choice, "value", "Value tier", Tiers),
        new("rfm_group", FieldKind.Choice, "value", "Named RFM group", RfmGroups),
        new("clv", FieldKind.Number, "predictions", "Customer lifetime value over the horizon of the last kith clv score (docs/clv.md)", []),
        new("p_alive", FieldKind.Number, "predictions", "P(alive) from the last kith clv score, 0–1", []),
        new("churn_risk", FieldKind.Number, "predictions", "P(no paid order within the churn horizon) from the last kith churn score, 0–1", []),
        new("churn_band", FieldKind.Choice, "predictions", "Churn risk band: low < 0.5 ≤ medium < 0.8 ≤ high", ChurnBands),
        new("tag", FieldKind.Tag, "tags", "Has the tag (manual or computed)", []),
        new("days_since_first_purchase", FieldKind.Number, "dates", "Days from the first paid order to the as-of date", []),
        new("first_purchase_anniversary", FieldKind.Number, "dates", "Years since the first paid order if the as-of date is its anniversary, else 0", []),
        new("days_since_registered", FieldKind.Number, "dates", "Days from registration to the as-of date (0 = registered that day)", []),
        new("days_to_birthday", FieldKind.Number, "dates", "Days from the as-of date to the next birthday (0 = birthday that day)", []),
        new("gender", FieldKind.Choice, "profile", "Gender", Genders),
        new("country", FieldKind.Text, "profile", "Country as sent by the store", []),
        new("region", FieldKind.Text, "profile", "Region or province", []),
        new("city", FieldKind.Text, "profile", "City", []),
        new("source_channel", FieldKind.Text, "profile", "Channel the customer came from", []),
        new("consent_email", FieldKind.Flag, "consent", "Agreed to email", []),
        new("consent_sms", FieldKind.Flag, "consent", "Agreed to SMS", []),
        new("consent_push", FieldKind.Flag, "consent", "Agreed to push", []),
        new("consent_wechat", FieldKind.Flag, "consent", "Agreed to WeChat messages", []),
    ];

    public static IReadOnlyList<FunctionInfo> Functions { get; } =
    [
        new("events", false, "events(\"type\", Nd [, same_product] [, not_bought])",
            "Events of the type in the last N days; with same_product, the most events about any one product; with not_bought, only products not bought in those days"),
        new("bought", true, "bought(\"sku\" [, Nd])", "Bought the product (in a paid order), ever or in the last N days"),
        new("bought_category", true, "bought_category(\"category\" [, Nd])",
            "Bought a product of the category or a sub-category (category path such as \"Home > Kitchen\"), ever or in the last N days"),
    ];

    public static FieldInfo? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>The known names closest to an unknown one (edit distance ≤ 2, or a shared prefix), best first.</summary>
    public static IReadOnlyList<string> Suggest(string name, IEnumerable<string> known)
    {
        var lower = name.ToLowerInvariant();
        return known
            .Select(k => (Name: k, Distance: Distance(lower, k)))
            .Where(k => k.Distance <= Math.Max(2, lower.Length / 3) || (lower.Length >= 3 && k.Name.StartsWith(lower, StringComparison.Ordinal)))
            .OrderBy(k => k.Distance)
            .ThenBy(k => k.Name, StringComparer.Ordinal)
            .Select(k => k.Name)
            .Take(3)
            .ToList();
    }

    internal static IEnumerable<string> AllNames => All.Select(f => f.Name).Concat(Functions.Select(f => f.Name));

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
