namespace Kith.Core.Clv;

/// <summary>
/// One customer's predictions as of the calibration end: expected purchases within the horizon, P(alive), expected
/// spend per purchase (Gamma-Gamma) and CLV (discounted margin over the horizon), in the store's currency.
/// </summary>
public readonly record struct ClvScore(double ExpectedPurchases, double ProbabilityAlive, double ExpectedSpend, double Clv);
