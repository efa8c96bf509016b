using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Kith.Core.Loyalty.Coupons;
using MathNet.Numerics.Distributions;
using Xunit;

namespace Kith.Core.Tests.Loyalty;

/// <summary>
/// Coupon codes: distinct, of the documented shape, and uniform over the alphabet. Uniformity is a chi-square test
/// at a one-in-a-million false-alarm rate; <see cref="The_uniformity_test_catches_a_biased_generator"/> shows it still
/// fails generators with the classic modulo bias, so passing it means something.
/// </summary>
public class CouponCodesTests
{
    private const int Batch = 200_000;
    private const string Confusable = "01OILU";

    [Fact]
    public void Alphabet_has_30_distinct_unconfusable_upper_case_symbols()
    {
        var alphabet = CouponCodes.Alphabet;
        Assert.Equal(30, alphabet.Length); // 2-9 (8) and A-Z (26) without I, L, O, U (22)
        Assert.Equal(alphabet.Length, alphabet.Distinct().Count());
        Assert.All(alphabet, c => Assert.True(char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c), $"'{c}'"));
        Assert.DoesNotContain(alphabet, c => Confusable.Contains(c));
    }

    [Fact]
    public void A_batch_of_200_000_is_distinct_and_well_formed()
    {
        var codes = CouponCodes.Generate(Batch);
        Assert.Equal(Batch, codes.Length);
        Assert.Equal(Batch, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, c => Assert.Equal(CouponCodes.Length, c.Length));
        Assert.Equal(12, CouponCodes.Length);
        var allowed = CouponCodes.Alphabet.ToHashSet();
        Assert.All(codes, c => Assert.True(c.All(allowed.Contains), c));
        Assert.All(codes, c => Assert.Equal(c, CouponCodes.Normalize(c)));
    }

    [Fact]
    public void A_prefix_is_kept_and_twelve_symbols_follow()
    {
        var codes = CouponCodes.Generate(1000, "D11-");
        var allowed = CouponCodes.Alphabet.ToHashSet();
        Assert.All(codes, c =>
        {
            Assert.Equal(4 + 12, c.Length);
            Assert.StartsWith("D11-", c, StringComparison.Ordinal);
            Assert.True(c[4..].All(allowed.Contains), c);
        });
        Assert.Equal(1000, codes.Distinct().Count());
    }

    [Fact]
    public void Zero_codes_is_an_empty_batch_and_a_negative_count_is_refused()
    {
        Assert.Empty(CouponCodes.Generate(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CouponCodes.Generate(-1));
    }

    [Fact]
    public void Codes_are_matched_ignoring_case_and_surrounding_spaces() =>
        Assert.Equal("D11-ABCD2345WXYZ", CouponCodes.Normalize("  d11-abcd2345wxyz \t"));

    [Fact]
    public void Symbols_are_uniform_overall_and_at_every_position()
    {
        var codes = CouponCodes.Generate(Batch);
        var (overall, perPosition) = Uniformity(codes);
        Report($"chi-square over {Batch} codes: overall {overall.Statistic:F1} (limit {overall.Limit:F1}, df {overall.Df}); " +
            $"per position {perPosition.Statistic:F1} (limit {perPosition.Limit:F1}, df {perPosition.Df})");
        Assert.True(overall.Statistic < overall.Limit, $"overall chi-square {overall.Statistic:F1} ≥ {overall.Limit:F1}");
        Assert.True(perPosition.Statistic < perPosition.Limit, $"per-position chi-square {perPosition.Statistic:F1} ≥ {perPosition.Limit:F1}");
    }

    /// <summary>
    /// Two biased variants of the generator, each a plausible slip: reducing a byte modulo 30 without rejection
    /// (symbols 0-15 get 9/256, the rest 8/256), and rejecting at 241 instead of 240 (the first symbol gets 9/241).
    /// The same test that passes the real generator must fail both.
    /// </summary>
    [Theory]
    [InlineData(256)]
    [InlineData(241)]
    public void The_uniformity_test_catches_a_biased_generator(int rejectFrom)
    {
        var codes = Biased(Batch, rejectFrom);
        var (overall, perPosition) = Uniformity(codes);
        Report($"biased (reject from {rejectFrom}): overall {overall.Statistic:F1} (limit {overall.Limit:F1}), per position {perPosition.Statistic:F1} (limit {perPosition.Limit:F1})");
        Assert.True(overall.Statistic >= overall.Limit, $"a generator rejecting from {rejectFrom} passed: {overall.Statistic:F1}");
        Assert.True(perPosition.Statistic >= perPosition.Limit);
    }

    /// <summary>How long a million codes take; reported, not asserted.</summary>
    [Fact]
    public void Time_for_a_million_codes()
    {
        CouponCodes.Generate(1000); // warm up
        var watch = Stopwatch.StartNew();
        var codes = CouponCodes.Generate(1_000_000, "D11-");
        watch.Stop();
        Assert.Equal(1_000_000, codes.Length);
        Report($"CouponCodes.Generate(1,000,000): {watch.Elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms");
    }

    private readonly record struct ChiSquare(double Statistic, int Df, double Limit);

    /// <summary>
    /// Pearson's chi-square of the symbol counts against a uniform distribution, over all positions together
    /// (30 cells) and over each (position, symbol) pair (12 × 30 cells). The limit is the chi-square quantile at
    /// 1 − 10⁻⁶: a fair generator fails once in a million runs.
    /// </summary>
    private static (ChiSquare Overall, ChiSquare PerPosition) Uniformity(string[] codes)
    {
        var k = CouponCodes.Alphabet.Length;
        var index = CouponCodes.Alphabet.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var counts = new long[CouponCodes.Length, k];
        foreach (var code in codes)
        {
            for (var p = 0; p < CouponCodes.Length; p++)
            {
                counts[p, index[code[code.Length - CouponCodes.Length + p]]]++;
            }
        }

        double Pearson(IEnumerable<long> observed, double expected) => observed.Sum(o => (o - expected) * (o - expected) / expected);
        ChiSquare Of(double statistic, int df) => new(statistic, df, ChiSquared.InvCDF(df, 1 - 1e-6));

        var overall = Enumerable.Range(0, k).Select(s => Enumerable.Range(0, CouponCodes.Length).Sum(p => counts[p, s]));
        var perPosition = Enumerable.Range(0, CouponCodes.Length).Select(p =>
            Pearson(Enumerable.Range(0, k).Select(s => counts[p, s]), codes.Length / (double)k)).Sum();
        return (Of(Pearson(overall, codes.LongLength * CouponCodes.Length / (double)k), k - 1), Of(perPosition, CouponCodes.Length * (k - 1)));
    }

    /// <summary>The generator's draw with a wrong rejection bound: bytes from <paramref name="rejectFrom"/> up are redrawn.</summary>
    private static string[] Biased(int count, int rejectFrom)
    {
        var alphabet = CouponCodes.Alphabet;
        var bytes = new byte[count * CouponCodes.Length * 2];
        RandomNumberGenerator.Fill(bytes);
        var pos = 0;
        var codes = new string[count];
        var chars = new char[CouponCodes.Length];
        for (var n = 0; n < count; n++)
        {
            for (var i = 0; i < chars.Length; i++)
            {
                int b;
                do
                {
                    if (pos == bytes.Length)
                    {
                        RandomNumberGenerator.Fill(bytes);
                        pos = 0;
                    }

                    b = bytes[pos++];
                }
                while (b >= rejectFrom);
                chars[i] = alphabet[b % alphabet.Length];
            }

            codes[n] = new string(chars);
        }

        return codes;
    }

    private static void Report(string message)
    {
        TestContext.Current.SendDiagnosticMessage(message);
        TestContext.Current.TestOutputHelper?.WriteLine(message);
    }
}
