using Kith.Core.Clv;
using Xunit;

namespace Kith.Core.Tests.Clv;

/// <summary>Gamma-Gamma on CDNOW's 946 repeat buyers against Fader, Hardie &amp; Lee (2005), "RFM and CLV: using iso-value curves".</summary>
public class GammaGammaTests
{
    private static readonly Lazy<ModelFit<GammaGammaModel>> Fitted = new(() => GammaGammaModel.Fit(CdnowSample.Summary));

    [Fact]
    public void Fit_on_cdnow_repeat_buyers_reproduces_the_published_parameters_to_3_significant_figures()
    {
        var fit = Fitted.Value;

        Assert.True(fit.Converged);
        Assert.Equal(946, fit.Customers);
        Assert.Equal(6.25, BgNbdTests.Sig3(fit.Model.P));
        Assert.Equal(3.74, BgNbdTests.Sig3(fit.Model.Q));
        Assert.Equal(15.4, BgNbdTests.Sig3(fit.Model.V));
    }
}
