namespace Kith.Core.Clv;

/// <summary>
/// A calibration/holdout comparison to run (docs/clv.md §4): the purchase model (<c>bgnbd</c> or <c>paretonbd</c>)
/// fitted on purchases up to and including <see cref="CalibrationEnd"/>, compared with the purchases after it up to and
/// including <see cref="HoldoutEnd"/>; times in <see cref="Unit"/>s.
/// </summary>
public sealed record HoldoutRequest(string Model, DateOnly CalibrationEnd, DateOnly HoldoutEnd, ClvTimeUnit Unit = ClvTimeUnit.Week);
