namespace Kith.Core.Churn;

/// <summary>Churn risk in words: <c>low</c> below 0.5, <c>medium</c> from 0.5 to below 0.8, <c>high</c> from 0.8 (docs/clv.md).</summary>
public static class ChurnBand
{
    public const double Medium = 0.5;
    public const double High = 0.8;

    public static string Of(double risk) => risk >= High ? "high" : risk >= Medium ? "medium" : "low";
}
