using Kith.Core.Recommendations;
using Xunit;

namespace Kith.Core.Tests.Recommendations;

public class InteractionMatrixTests
{
    private static readonly Interaction[] Three =
    [
        new(1, 2, 1f), new(0, 3, 2f), new(1, 0, 1f), new(1, 2, 0.5f), new(0, 1, 1f),
    ];

    [Fact]
    public void Build_sorts_each_row_and_sums_repeated_pairs()
    {
        var m = InteractionMatrix.Build(3, 4, Three);

        Assert.Equal([1, 3], m.ItemsOf(0).ToArray());
        Assert.Equal([1f, 2f], m.WeightsOf(0).ToArray());
        Assert.Equal([0, 2], m.ItemsOf(1).ToArray());
        Assert.Equal([1f, 1.5f], m.WeightsOf(1).ToArray());
        Assert.Empty(m.ItemsOf(2).ToArray());
        Assert.Equal(4, m.NonZeros);
    }

    [Fact]
    public void Transpose_lists_each_items_users_with_their_weights()
    {
        var t = InteractionMatrix.Build(3, 4, Three).Transpose();

        Assert.Equal((4, 3), (t.Users, t.ItemCount));
        Assert.Equal([0], t.ItemsOf(1).ToArray());
        Assert.Equal([1], t.ItemsOf(2).ToArray());
        Assert.Equal([1.5f], t.WeightsOf(2).ToArray());
        Assert.Equal([0], t.ItemsOf(3).ToArray());
    }

    [Fact]
    public void Contains_finds_present_pairs_only()
    {
        var m = InteractionMatrix.Build(3, 4, Three);

        Assert.True(m.Contains(0, 3));
        Assert.False(m.Contains(0, 2));
    }

    [Fact]
    public void Build_refuses_ids_outside_the_shape() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => InteractionMatrix.Build(1, 1, [new Interaction(0, 1, 1f)]));
}
