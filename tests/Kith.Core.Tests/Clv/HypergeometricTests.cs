using Kith.Core.Clv;
using MathNet.Numerics;
using Xunit;

namespace Kith.Core.Tests.Clv;

public class HypergeometricTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void TwoF1_of_1_1_2_is_minus_log_of_1_minus_z_over_z(double z)
    {
        Assert.Equal(-Math.Log(1 - z) / z, Hypergeometric.TwoF1(1, 1, 2, z), 1e-12 * (-Math.Log(1 - z) / z));
    }

    [Theory]
    [InlineData(0.3, 2.5, 0.2)]
    [InlineData(4.0, 1.5, 0.95)]
    [InlineData(0.7, 3.0, 0.9999)]
    public void TwoF1_with_c_equal_to_b_is_a_power_of_1_minus_z(double a, double b, double z)
    {
        var expected = Math.Pow(1 - z, -a);
        Assert.Equal(expected, Hypergeometric.TwoF1(a, b, b, z), expected * 1e-11);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.8)]
    [InlineData(0.99)]
    public void TwoF1_of_one_half_1_three_halves_at_z_squared_is_artanh_z_over_z(double z)
    {
        var expected = Math.Atanh(z) / z;
        Assert.Equal(expected, Hypergeometric.TwoF1(0.5, 1, 1.5, z * z), expected * 1e-12);
    }

    [Theory]
    [InlineData(3.2, 1.6, 4.2, 0.09)]   // the Pareto/NBD form on CDNOW: 2F1(r+s+x, r+x; r+s+x+1; z)
    [InlineData(27.2, 1.6, 28.2, 0.6)]
    [InlineData(2.9, 0.45, 2.4, 0.55)]  // the BG/NBD prediction form: 2F1(r+x, b+x; a+b+x-1; z), a and b swapped
    [InlineData(1.2, 0.8, 3.0, 0.97)]
    public void TwoF1_agrees_with_Euler_integral_by_quadrature(double a, double b, double c, double z)
    {
        // 2F1(a, b; c; z) = Γ(c) / (Γ(b) Γ(c − b)) ∫₀¹ t^(b−1) (1 − t)^(c−b−1) (1 − z t)^(−a) dt, for c > b > 0;
        // with t = u^(1/b) the integrable singularity at 0 goes away: t^(b−1) dt = du / b.
        var integral = Integrate.DoubleExponential(
            u => Math.Pow(1 - Math.Pow(u, 1 / b), c - b - 1) * Math.Pow(1 - (z * Math.Pow(u, 1 / b)), -a) / b, 0, 1, 1e-13);
        var expected = Math.Exp(SpecialFunctions.GammaLn(c) - SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(c - b)) * integral;

        Assert.Equal(expected, Hypergeometric.TwoF1(a, b, c, z), expected * 1e-8);
    }

    [Fact]
    public void LogTwoF1_stays_finite_where_the_function_overflows_a_double()
    {
        // 2F1(a, b; b; z) = (1 − z)^−a: with a = 400 and z = 0.9 that is 10^400.
        Assert.Equal(400 * Math.Log(10), Hypergeometric.LogTwoF1(400, 3, 3, 0.9), 1e-8 * 400 * Math.Log(10));
    }

    [Fact]
    public void TwoF1_outside_0_to_1_is_refused_with_the_argument_named()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.TwoF1(1, 1, 2, 1));
        Assert.Contains("z=1", e.Message, StringComparison.Ordinal);
    }
}
