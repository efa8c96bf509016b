namespace Kith.Server.Recommendations;

/// <summary>The audit actions the console's recommendation pages write (target <c>cross_sell_rule:{name}</c> or <c>recommendations</c>).</summary>
public static class RecommendationConsole
{
    public const string RuleSaved = "recommendations.rule_saved";

    public const string RuleDeleted = "recommendations.rule_deleted";

    public const string Retrained = "recommendations.retrained";
}
