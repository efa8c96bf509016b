using Kith.Core.Events;

namespace Kith.Core.Recommendations;

/// <summary>
/// How much one piece of a store's implicit feedback is worth when training the served models: a paid order line
/// 1.0, an add-to-cart or a favourite 0.5, a product view 0.2 (a purchase is the strongest signal, intent sits
/// between), times 0.5^(age / <see cref="HalfLife"/>) so that tastes drift with the season.
/// </summary>
public sealed record StoreFeedbackWeights
{
    public float Purchase { get; init; } = 1.0f;

    public float AddToCart { get; init; } = 0.5f;

    public float Favourite { get; init; } = 0.5f;

    public float View { get; init; } = 0.2f;

    public TimeSpan HalfLife { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Event types that carry product feedback, as stored.</summary>
    public static IReadOnlyList<string> ProductEventTypes { get; } = [EventTypes.ViewProduct, EventTypes.AddToCart, EventTypes.Favourite];

    /// <summary>The base weight of an event type; 0 for types that say nothing about a product.</summary>
    public float OfEvent(string type) => type switch
    {
        EventTypes.ViewProduct => View,
        EventTypes.AddToCart => AddToCart,
        EventTypes.Favourite => Favourite,
        _ => 0f,
    };

    /// <summary>The base weight decayed by the age of the feedback at <paramref name="now"/> (never above the base weight).</summary>
    public float Decayed(float weight, DateTimeOffset at, DateTimeOffset now)
    {
        var ageDays = Math.Max(0, (now - at).TotalDays);
        return (float)(weight * Math.Pow(0.5, ageDays / HalfLife.TotalDays));
    }
}
