using System.Text.RegularExpressions;

namespace Kith.Core.Events;

/// <summary>The behaviour event types Kith knows by name. Other types are accepted if they match <see cref="IsValid"/>.</summary>
public static partial class EventTypes
{
    public const string ViewProduct = "view_product";
    public const string Search = "search";
    public const string AddToCart = "add_to_cart";
    public const string Favourite = "favourite";
    public const string SignIn = "sign_in";
    public const string Share = "share";
    public const string Review = "review";
    public const string SurveyAnswer = "survey_answer";
    public const string MessageOpened = "message_opened";
    public const string MessageClicked = "message_clicked";
    public const string AppOpen = "app_open";
    public const string StoreVisit = "store_visit";
    public const string Custom = "custom";

    public static IReadOnlyList<string> Known { get; } =
    [
        ViewProduct, Search, AddToCart, Favourite, SignIn, Share, Review, SurveyAnswer,
        MessageOpened, MessageClicked, AppOpen, StoreVisit, Custom,
    ];

    /// <summary>Lower-case letters, digits, '_', '.', ':' or '-', starting with a letter, at most 64 characters.</summary>
    public static bool IsValid(string type) => TypePattern().IsMatch(type);

    [GeneratedRegex("^[a-z][a-z0-9_.:-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex TypePattern();
}
