namespace Kith.Core.Recommendations;

/// <summary>
/// One raw piece of implicit feedback with external keys: user <see cref="User"/> did something worth
/// <see cref="Weight"/> with item <see cref="Item"/> at <see cref="Time"/> (UTC).
/// </summary>
public readonly record struct FeedbackEvent(string User, string Item, float Weight, DateTimeOffset Time);
