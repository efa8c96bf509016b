namespace Kith.Data.Clv;

/// <summary>One page of the churn risk list, highest risk first; <see cref="Page"/> counts from 0 and <see cref="Total"/> is every scored customer the filter matches.</summary>
public sealed record ChurnRiskPage(IReadOnlyList<ChurnRiskItem> Items, int Page, int PageSize, int Total)
{
    public int Pages => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
}
