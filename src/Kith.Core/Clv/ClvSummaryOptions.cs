namespace Kith.Core.Clv;

/// <summary>
/// The windows of a CLV summary. Calibration: every purchase on or before <see cref="CalibrationEnd"/> (the day
/// counts). Holdout: purchases after it, up to and including <see cref="HoldoutEnd"/>.
/// </summary>
public sealed record ClvSummaryOptions(DateOnly CalibrationEnd)
{
    /// <summary>Last day of the holdout window, or null for none (scoring the whole history).</summary>
    public DateOnly? HoldoutEnd { get; init; }

    public ClvTimeUnit Unit { get; init; } = ClvTimeUnit.Week;
}
