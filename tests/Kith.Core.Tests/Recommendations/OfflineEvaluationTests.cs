using Kith.Core.Recommendations;
using Kith.Core.Recommendations.Evaluation;
using Xunit;

namespace Kith.Core.Tests.Recommendations;

public class OfflineEvaluationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Recommends fixed lists, honouring exclude, so the averages can be worked by hand.</summary>
    private sealed class FixedLists(Dictionary<int, int[]> lists) : IRecommender
    {
        public string Name => "fixed";

        public IReadOnlyList<ScoredItem> Recommend(int user, int k, Func<int, bool>? exclude = null) =>
            [.. lists[user].Where(i => exclude is null || !exclude(i)).Take(k).Select(i => new ScoredItem(i, 1))];

        public IReadOnlyList<ScoredItem> SimilarItems(int item, int k) => [];
    }

    private static HoldoutData ThreeUsers()
    {
        // user a: train item x, test y, z; user b: train x, test w; user c: train y, no test (not evaluated)
        FeedbackEvent E(string u, string i) => new(u, i, 1, DateTimeOffset.UnixEpoch);
        return HoldoutSplit.Of(
            [E("a", "x"), E("b", "x"), E("c", "y"), E("c", "z"), E("c", "w"), E("c", "v")],
            [E("a", "y"), E("a", "z"), E("b", "w"), E("b", "x")]);
    }

    [Fact]
    public void Evaluate_averages_each_metric_over_users_with_held_out_items()
    {
        var data = ThreeUsers();
        int I(string key) => data.Items.TryGet(key, out var id) ? id : -1;
        int U(string key) => data.Users.TryGet(key, out var id) ? id : -1;
        var model = new FixedLists(new()
        {
            // a: x is excluded (training), then y hits at rank 1, v misses → P = 1/2, R = 1/2, NDCG = 1 / (1 + 1/log2 3)
            [U("a")] = [I("x"), I("y"), I("v")],
            // b: v misses, w hits at rank 2 → P = 1/2, R = 1, NDCG = (1/log2 3) / 1
            [U("b")] = [I("v"), I("w")],
            [U("c")] = [],
        });

        var m = OfflineEvaluation.Evaluate(model, data, 2, Ct);

        Assert.Equal(2, m.Users);
        Assert.Equal(0.5, m.Precision, 12);
        Assert.Equal(0.75, m.Recall, 12);
        Assert.Equal(1.0, m.HitRate, 12);
        Assert.Equal((1 / (1 + 1 / Math.Log2(3)) + 1 / Math.Log2(3)) / 2, m.Ndcg, 12);
        Assert.Equal(3.0 / 5, m.Coverage, 12); // y, v, w of the 5 training items
    }

    [Fact]
    public void HoldoutSplit_drops_held_out_items_already_in_training_and_unknown_users()
    {
        var data = HoldoutSplit.Of(
            [new FeedbackEvent("a", "x", 1, DateTimeOffset.UnixEpoch), new FeedbackEvent("a", "y", 1, DateTimeOffset.UnixEpoch)],
            [new FeedbackEvent("a", "x", 1, DateTimeOffset.UnixEpoch), new FeedbackEvent("a", "new", 1, DateTimeOffset.UnixEpoch), new FeedbackEvent("stranger", "y", 1, DateTimeOffset.UnixEpoch)]);

        Assert.Equal(0, data.EvaluatedUsers);
        Assert.Equal(1, data.Users.Count);
    }

    [Fact]
    public void HoldoutSplit_by_time_trains_before_the_split_and_holds_out_from_it()
    {
        var split = new DateTimeOffset(2011, 9, 1, 0, 0, 0, TimeSpan.Zero);
        var data = HoldoutSplit.ByTime(
        [
            new FeedbackEvent("a", "x", 1, split.AddSeconds(-1)),
            new FeedbackEvent("a", "y", 1, split),
            new FeedbackEvent("b", "y", 1, split.AddDays(-3)),
        ], split);

        Assert.Equal(2, data.Train.NonZeros);
        Assert.Equal([data.Items.TryGet("y", out var y) ? y : -1], data.Relevant[data.Users.TryGet("a", out var a) ? a : -1]);
    }
}
