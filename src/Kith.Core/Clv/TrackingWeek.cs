namespace Kith.Core.Clv;

/// <summary>
/// One calendar week of the tracking curve: cumulative repeat purchases of the cohort from the origin (the earliest
/// first purchase) to <see cref="End"/>, the last day of the week, predicted by the model and actually made.
/// </summary>
public sealed record TrackingWeek(int Week, DateOnly End, bool Holdout, double PredictedCumulative, int ActualCumulative);
