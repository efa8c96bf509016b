using Kith.Core.Recommendations.Evaluation;
using Xunit;

namespace Kith.Core.Tests.Recommendations;

/// <summary>Hand-worked examples: ranked [5, 3, 8, 1] at K = 4 against relevant {3, 1, 9} — hits at ranks 2 and 4.</summary>
public class RankingMetricsTests
{
    private static readonly int[] Ranked = [5, 3, 8, 1];
    private static readonly HashSet<int> Relevant = [3, 1, 9];

    [Fact]
    public void Precision_is_hits_over_k() => Assert.Equal(0.5, RankingMetrics.Precision(Ranked, Relevant, 4), 12);

    [Fact]
    public void Precision_divides_by_k_even_when_the_list_is_shorter() => Assert.Equal(0.2, RankingMetrics.Precision([3], Relevant, 5), 12);

    [Fact]
    public void Recall_is_hits_over_relevant_items() => Assert.Equal(2.0 / 3, RankingMetrics.Recall(Ranked, Relevant, 4), 12);

    [Fact]
    public void Metrics_count_only_the_top_k() => Assert.Equal(1.0 / 3, RankingMetrics.Recall(Ranked, Relevant, 2), 12);

    [Fact]
    public void HitRate_is_one_with_any_hit_and_zero_without()
    {
        Assert.Equal(1, RankingMetrics.HitRate(Ranked, Relevant, 4));
        Assert.Equal(0, RankingMetrics.HitRate(Ranked, Relevant, 1));
    }

    [Fact]
    public void Ndcg_discounts_hits_by_log2_of_rank_plus_one_against_the_ideal_order()
    {
        // DCG = 1/log2(3) + 1/log2(5) = 1.0616063; IDCG (3 relevant) = 1 + 1/log2(3) + 1/log2(4) = 2.1309298
        Assert.Equal(0.498189257466, RankingMetrics.Ndcg(Ranked, Relevant, 4), 12);
    }

    [Fact]
    public void Ndcg_is_one_when_every_slot_up_to_k_holds_a_relevant_item() =>
        Assert.Equal(1.0, RankingMetrics.Ndcg([1, 3], Relevant, 2), 12);

    [Fact]
    public void Ndcg_and_recall_are_zero_without_relevant_items()
    {
        Assert.Equal(0, RankingMetrics.Ndcg(Ranked, new HashSet<int>(), 4));
        Assert.Equal(0, RankingMetrics.Recall(Ranked, new HashSet<int>(), 4));
    }

    [Fact]
    public void Coverage_is_distinct_recommended_items_over_catalogue_size() =>
        Assert.Equal(0.3, RankingMetrics.Coverage([[1, 2], [2, 3]], 10), 12);

    [Fact]
    public void K_below_one_is_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.Precision(Ranked, Relevant, 0));
}
