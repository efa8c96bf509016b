using Kith.Core.Clv;
using Xunit;

namespace Kith.Core.Tests.Clv;

public class ClvBandsTests
{
    [Fact]
    public void Edges_run_in_1_2_5_steps_from_at_or_below_the_smallest_to_above_the_largest()
    {
        var edges = ClvBands.Edges(37, 480);

        Assert.Equal([20, 50, 100, 200, 500], edges);
    }

    [Fact]
    public void A_largest_value_on_an_edge_opens_the_next_band()
    {
        // Bands are [from, to): 500 itself belongs to [500, 1000).
        Assert.Equal([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], ClvBands.Edges(1, 500));
    }

    [Fact]
    public void A_wide_span_keeps_the_top_twelve_bands_and_leaves_the_rest_below_the_first_edge()
    {
        var edges = ClvBands.Edges(0.0001, 123_456);

        Assert.Equal(ClvBands.MaxBands + 1, edges.Count);
        Assert.Equal(200_000, edges[^1]);
        Assert.Equal(20, edges[0]);
    }

    [Fact]
    public void Amounts_below_one_get_round_edges_too()
    {
        Assert.Equal([0.1, 0.2, 0.5, 1], ClvBands.Edges(0.13, 0.6));
    }

    [Fact]
    public void Zero_values_start_below_the_first_edge_and_all_zero_gives_no_edges()
    {
        Assert.Equal(ClvBands.MaxBands + 1, ClvBands.Edges(0, 3).Count);
        Assert.Empty(ClvBands.Edges(0, 0));
    }

    [Fact]
    public void Every_value_falls_in_exactly_one_band_with_edges_that_are_1_2_5_amounts()
    {
        var random = new Random(5);
        for (var run = 0; run < 200; run++)
        {
            var values = Enumerable.Range(0, 50).Select(_ => Math.Exp(random.NextDouble() * 16 - 6)).ToArray();
            var edges = ClvBands.Edges(values.Min(), values.Max());

            Assert.All(edges.Zip(edges.Skip(1)), p => Assert.True(p.First < p.Second));
            Assert.True(edges[^1] > values.Max());
            Assert.All(edges, e => Assert.Contains(Math.Round(e / Math.Pow(10, Math.Floor(Math.Log10(e) + 1e-9)), 9), new[] { 1.0, 2, 5 }));
            Assert.True(edges.Count - 1 <= ClvBands.MaxBands);
            // Values below the first edge only when the span needed more than MaxBands bands.
            Assert.True(values.Min() >= edges[0] || edges.Count - 1 == ClvBands.MaxBands);
        }
    }
}
