namespace Kith.Core.Clv;

/// <summary>The unit in which the CLV models measure time (t_x, T, horizons); the value is its length in days.</summary>
public enum ClvTimeUnit
{
    Day = 1,
    Week = 7,
}
