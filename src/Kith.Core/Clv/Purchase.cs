namespace Kith.Core.Clv;

/// <summary>One paid order: the day it was paid in the store's time zone, and its net value.</summary>
public readonly record struct Purchase(DateOnly Day, decimal Amount);
