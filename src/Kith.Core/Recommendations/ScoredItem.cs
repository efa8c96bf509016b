namespace Kith.Core.Recommendations;

/// <summary>An item id with a model's score for it; higher is better. Scores are comparable only within one model.</summary>
public readonly record struct ScoredItem(int Item, float Score);
