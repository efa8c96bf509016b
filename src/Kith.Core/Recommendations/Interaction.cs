namespace Kith.Core.Recommendations;

/// <summary>One piece of implicit feedback: user <see cref="User"/> showed interest <see cref="Weight"/> (&gt; 0) in <see cref="Item"/>. Ids are dense, 0-based.</summary>
public readonly record struct Interaction(int User, int Item, float Weight);
