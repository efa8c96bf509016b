using Kith.Core.Clv;
using Xunit;

namespace Kith.Core.Tests.Clv;

/// <summary>Pareto/NBD on the CDNOW sample against the estimates published by Fader, Hardie &amp; Lee (2005).</summary>
public class ParetoNbdTests
{
    private static readonly Lazy<ModelFit<ParetoNbdModel>> Fitted = new(() => ParetoNbdModel.Fit(CdnowSample.Summary));

    [Fact]
    public void Fit_on_cdnow_reproduces_the_published_parameters_to_3_significant_figures()
    {
        var fit = Fitted.Value;

        Assert.True(fit.Converged);
        Assert.Equal(0.553, BgNbdTests.Sig3(fit.Model.R));
        Assert.Equal(10.6, BgNbdTests.Sig3(fit.Model.Alpha));
        Assert.Equal(0.606, BgNbdTests.Sig3(fit.Model.S));
        Assert.Equal(11.7, BgNbdTests.Sig3(fit.Model.Beta));
    }

    [Fact]
    public void Fit_on_cdnow_reaches_the_published_log_likelihood()
    {
        Assert.Equal(-9595.0, Fitted.Value.LogLikelihood, 1);
    }
}
