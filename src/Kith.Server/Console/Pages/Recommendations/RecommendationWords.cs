using MudBlazor;

namespace Kith.Server.Console.Pages.Recommendations;

/// <summary>How the recommendation pages name reasons, models and statuses (text keys) and colour reasons, the same on every page.</summary>
public static class RecommendationWords
{
    /// <summary>The reasons the composer gives, in the order it tries its sources.</summary>
    public static IReadOnlyList<string> Reasons { get; } = ["cross_sell", "recently_viewed", "similar_items", "personalised", "popular_in_category", "popular"];

    public static string ReasonKey(string reason) => "RecsReason_" + reason;

    public static string ModelKey(string model) => "RecsModel_" + model;

    public static string StatusKey(string status) => "RecsStatus_" + status;

    public static Color ReasonColor(string reason) => reason switch
    {
        "cross_sell" => Color.Secondary,
        "recently_viewed" or "similar_items" or "personalised" => Color.Primary,
        _ => Color.Default,
    };

    public static Severity StatusSeverity(string status) => status switch
    {
        "ok" => Severity.Success,
        "not_trained" or "no_orders" => Severity.Warning,
        _ => Severity.Info,
    };

    /// <summary>Scores as the list shows them: a similarity or a weight to 3 decimals, a rule's priority as a whole number.</summary>
    public static string Score(double score) =>
        score == Math.Floor(score) ? score.ToString("N0", System.Globalization.CultureInfo.CurrentCulture) : score.ToString("0.000", System.Globalization.CultureInfo.CurrentCulture);
}
