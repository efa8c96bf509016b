namespace Kith.Core.Clv;

/// <summary>
/// A purchase model whose E[Y(t) | x, t_x, T] is a part that depends on (t, x, T) alone combined with a factor that
/// depends on (x, t_x, T) alone: <c>ExpectedPurchases(t, x, t_x, T) == CombineExpectedPurchases(ExpectedPurchasesPart(t,
/// x, T), ExpectedPurchasesFactor(x, t_x, T))</c> for t &gt; 0, bit for bit. Scoring a store
/// (<see cref="CustomerLifetimeValue.Score"/>) then takes the costly part — BG/NBD's ₂F₁ — once per distinct (x, T) and
/// horizon step instead of once per customer and step: T and x take few distinct values, t_x many.
/// </summary>
internal interface IFactoredPurchaseModel
{
    double ExpectedPurchasesPart(double horizon, int x, double t);

    double ExpectedPurchasesFactor(int x, double tx, double t);

    double CombineExpectedPurchases(double part, double factor);
}
