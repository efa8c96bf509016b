namespace Kith.Data.Churn;

/// <summary>What <c>kith churn score</c> did: customers scored, prediction rows updated, customers per band.</summary>
public sealed record ChurnScoring(DateOnly AsOf, int HorizonDays, int Scored, int Written, IReadOnlyDictionary<string, int> Bands);
