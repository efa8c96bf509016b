using Kith.Core.Clv;
using Xunit;

namespace Kith.Core.Tests.Clv;

public class CustomerLifetimeValueTests
{
    private static readonly BgNbdModel Purchases = new(0.243, 4.414, 0.793, 2.426);
    private static readonly GammaGammaModel Spend = new(6.25, 3.74, 15.44);

    private static ClvSummary Summary() => ClvSummary.Build(
        [
            new("repeat", [new(new(1997, 1, 1), 29.33m), new(new(1997, 1, 18), 29.73m), new(new(1997, 8, 2), 14.96m)]),
            new("once", [new(new(1997, 3, 1), 12m)]),
        ],
        new ClvSummaryOptions(new(1997, 9, 30)) { Unit = ClvTimeUnit.Week });

    [Fact]
    public void Without_discounting_clv_is_margin_times_spend_times_expected_purchases()
    {
        var scores = CustomerLifetimeValue.Score(Summary(), Purchases, Spend, new ClvOptions { HorizonDays = 364, Margin = 0.3, AnnualDiscountRate = 0 });

        var s = scores[0];
        Assert.Equal(Purchases.ExpectedPurchases(52, 2, 30.43, 38.86), s.ExpectedPurchases, 2);
        Assert.Equal(Spend.ExpectedSpend(2, 22.345)!.Value, s.ExpectedSpend, 10);
        Assert.Equal(0.3 * s.ExpectedSpend * s.ExpectedPurchases, s.Clv, 10);
        Assert.Equal(6.25 * 15.44 / 2.74, scores[1].ExpectedSpend, 10); // no repeat purchases: the population mean
    }

    [Fact]
    public void Discounting_lowers_clv_but_by_less_than_a_full_year_of_discount()
    {
        var plain = CustomerLifetimeValue.Score(Summary(), Purchases, Spend, new ClvOptions { AnnualDiscountRate = 0 })[0].Clv;
        var discounted = CustomerLifetimeValue.Score(Summary(), Purchases, Spend, new ClvOptions { AnnualDiscountRate = 0.2 })[0].Clv;

        Assert.InRange(discounted, plain / 1.2, plain * 0.999);
    }

    [Fact]
    public void A_spend_model_without_a_finite_mean_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => CustomerLifetimeValue.Score(Summary(), Purchases, new GammaGammaModel(2, 0.8, 10), new ClvOptions()));
        Assert.Contains("q = 0.8", e.Message, StringComparison.Ordinal);
    }
}
