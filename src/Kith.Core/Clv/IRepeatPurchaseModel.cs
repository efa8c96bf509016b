namespace Kith.Core.Clv;

/// <summary>
/// A model of how many purchases a customer makes (BG/NBD, Pareto/NBD). Times are in the summary's unit; x is the
/// number of repeat purchases in the calibration window, t_x the time of the last one and T the time since the
/// first purchase (docs/clv.md). Implementations are immutable and thread-safe.
/// </summary>
public interface IRepeatPurchaseModel : IClvModel
{
    /// <summary>ln L(parameters | x, t_x, T) of one customer.</summary>
    double LogLikelihood(int x, double tx, double t);

    /// <summary>P(the customer is still alive at T | x, t_x, T).</summary>
    double ProbabilityAlive(int x, double tx, double t);

    /// <summary>E[purchases in (T, T + horizon] | x, t_x, T].</summary>
    double ExpectedPurchases(double horizon, int x, double tx, double t);

    /// <summary>E[repeat purchases in (0, t]] of a customer just acquired at time 0 (for tracking curves).</summary>
    double ExpectedRepeatPurchases(double t);
}
