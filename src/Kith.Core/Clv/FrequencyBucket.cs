namespace Kith.Core.Clv;

/// <summary>
/// Customers with the same calibration frequency x (the last bucket, <c>7+</c>, holds x ≥ 7): how many, and their
/// predicted and actual holdout purchases, in total and per customer.
/// </summary>
public sealed record FrequencyBucket(string Frequency, int Customers, double Predicted, int Actual)
{
    public double MeanPredicted => Customers == 0 ? 0 : Predicted / Customers;
    public double MeanActual => Customers == 0 ? 0 : (double)Actual / Customers;
}
