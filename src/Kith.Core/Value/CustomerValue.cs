namespace Kith.Core.Value;

public enum LifecycleStage
{
    Prospect,
    New,
    Active,
    Silent,
    Sleeping,
    Churned,
}

public enum ValueTier
{
    None,
    HighValue,
    Potential,
    Ordinary,
    Sleeping,
    Churned,
}

public enum RfmGroup
{
    None,
    Champions,
    Loyal,
    PotentialLoyalist,
    New,
    Promising,
    NeedAttention,
    AboutToSleep,
    AtRisk,
    CantLose,
    Hibernating,
    Lost,
}

/// <summary>One customer's value as of a date. Recency and the scores are null for a customer with no paid order by then.</summary>
public readonly record struct CustomerValue(
    int? RecencyDays,
    int Frequency,
    decimal Monetary,
    byte? RScore,
    byte? FScore,
    byte? MScore,
    RfmGroup Group,
    LifecycleStage Lifecycle,
    ValueTier Tier);

/// <summary>Names as they appear in exports, the API and rules (snake_case).</summary>
public static class ValueNames
{
    public static string Of(RfmGroup g) => g switch
    {
        RfmGroup.None => "",
        RfmGroup.Champions => "champions",
        RfmGroup.Loyal => "loyal",
        RfmGroup.PotentialLoyalist => "potential_loyalist",
        RfmGroup.New => "new",
        RfmGroup.Promising => "promising",
        RfmGroup.NeedAttention => "need_attention",
        RfmGroup.AboutToSleep => "about_to_sleep",
        RfmGroup.AtRisk => "at_risk",
        RfmGroup.CantLose => "cant_lose",
        RfmGroup.Hibernating => "hibernating",
        _ => "lost",
    };

    public static string Of(LifecycleStage s) => s.ToString().ToLowerInvariant();

    public static string Of(ValueTier t) => t switch
    {
        ValueTier.None => "",
        ValueTier.HighValue => "high_value",
        _ => t.ToString().ToLowerInvariant(),
    };
}
