using Kith.Core.Clv;
using Xunit;

namespace Kith.Core.Tests.Clv;

/// <summary>BG/NBD on the CDNOW sample against Fader, Hardie &amp; Lee (2005), "Counting your customers the easy way", Table/§5.</summary>
public class BgNbdTests
{
    private static readonly Lazy<ModelFit<BgNbdModel>> Fitted = new(() => BgNbdModel.Fit(CdnowSample.Summary));

    [Fact]
    public void Fit_on_cdnow_reproduces_the_published_parameters_to_3_significant_figures()
    {
        var fit = Fitted.Value;

        Assert.True(fit.Converged);
        Assert.Equal(0.243, Sig3(fit.Model.R));
        Assert.Equal(4.41, Sig3(fit.Model.Alpha));
        Assert.Equal(0.793, Sig3(fit.Model.A));
        Assert.Equal(2.43, Sig3(fit.Model.B));
    }

    [Fact]
    public void Fit_on_cdnow_reaches_the_published_log_likelihood()
    {
        Assert.Equal(-9582.4, Fitted.Value.LogLikelihood, 1);
    }

    internal static double Sig3(double v) => Math.Round(v, 2 - (int)Math.Floor(Math.Log10(Math.Abs(v))));
}
