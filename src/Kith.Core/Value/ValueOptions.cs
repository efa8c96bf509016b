namespace Kith.Core.Value;

/// <summary>Lifecycle windows in whole days since the last purchase: active ≤ Active &lt; silent ≤ Silent &lt; sleeping ≤ Sleeping &lt; churned.</summary>
public sealed record LifecycleWindows(int Active, int Silent, int Sleeping)
{
    public static LifecycleWindows Default { get; } = new(45, 90, 140);

    /// <summary>The stage of a buyer whose last purchase was <paramref name="recencyDays"/> ago and first <paramref name="daysSinceFirst"/> ago.</summary>
    public LifecycleStage StageOf(int recencyDays, int daysSinceFirst) =>
        recencyDays > Sleeping ? LifecycleStage.Churned
        : recencyDays > Silent ? LifecycleStage.Sleeping
        : recencyDays > Active ? LifecycleStage.Silent
        : daysSinceFirst <= Active ? LifecycleStage.New
        : LifecycleStage.Active;

    public void Validate()
    {
        if (Active < 0 || Silent < Active || Sleeping < Silent)
        {
            throw new ArgumentException($"lifecycle windows must satisfy 0 ≤ active ≤ silent ≤ sleeping (got {Active}/{Silent}/{Sleeping})");
        }
    }
}

/// <summary>How customer values are computed.</summary>
public sealed record ValueOptions
{
    /// <summary>Fixed windows; ignored when <see cref="Calibrate"/> is set.</summary>
    public LifecycleWindows Windows { get; init; } = LifecycleWindows.Default;

    /// <summary>Choose the windows from the store's own buyers so that they split 3:3:3:1 (active : silent : sleeping : churned).</summary>
    public bool Calibrate { get; init; }

    /// <summary>Share of buyers, by monetary value, in the high-value tier.</summary>
    public double HighValueShare { get; init; } = 0.05;
}
