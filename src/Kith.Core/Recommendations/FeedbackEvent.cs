namespace Kith.Core.Recommendations;

/// <summary>
/// One raw piece of implicit feedback with external keys: user <see cref="User"/> did something worth
/// <see cref="Weight"/> with item <see cref="Item"/> at <see cref="Time"/> (UTC). <see cref="IsPurchase"/>: a paid order line
/// (a store evaluation holds out purchases only, not views).
/// </summary>
public readonly record struct FeedbackEvent(string User, string Item, float Weight, DateTimeOffset Time, bool IsPurchase = false);
