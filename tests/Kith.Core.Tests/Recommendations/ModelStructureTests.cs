using Kith.Core.Recommendations;
using Kith.Core.Recommendations.Evaluation;
using Xunit;

namespace Kith.Core.Tests.Recommendations;

/// <summary>Each model on <see cref="Synthetic.TwoGroups"/>: the collaborative ones must find the groups, popularity must not.</summary>
public class ModelStructureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly HoldoutData Data = Synthetic.TwoGroups();

    [Fact]
    public void Popularity_ranks_the_item_everyone_bought_first()
    {
        var model = PopularityModel.Fit(Data.Train);

        Assert.Equal(Synthetic.ItemId(Data, Synthetic.Popular), model.Top(1)[0].Item);
        Assert.Equal(Synthetic.Users, model.Top(1)[0].Score);
    }

    [Fact]
    public void Popularity_leaves_out_what_the_user_already_has()
    {
        var model = PopularityModel.Fit(Data.Train);
        var user = Synthetic.UserId(Data, 0);

        var list = model.Recommend(user, 20);

        Assert.DoesNotContain(list, s => Data.Train.Contains(user, s.Item));
    }

    [Fact]
    public void ItemKnn_neighbours_of_a_group_item_are_its_group_and_the_item_everyone_bought()
    {
        var model = ItemKnnModel.Fit(Data.Train, new ItemKnnOptions { Shrinkage = 0 }, Ct);
        var expected = Synthetic.GroupIds(Data, 0);
        expected.Add(Synthetic.ItemId(Data, Synthetic.Popular));
        expected.Remove(Synthetic.ItemId(Data, 0));

        var similar = model.SimilarItems(Synthetic.ItemId(Data, 0), 10);

        Assert.Equal(expected.Order(), similar.Select(s => s.Item).Order());
    }

    [Fact]
    public void ItemKnn_cosine_with_shrinkage_matches_the_formula_on_a_worked_pair()
    {
        // users 0, 1 have items 0 and 1; user 2 has item 1 only: cos(0, 1) = 2 / (√2·√3 + 1)
        var m = InteractionMatrix.Build(3, 2, [new(0, 0, 1), new(0, 1, 1), new(1, 0, 1), new(1, 1, 1), new(2, 1, 1)]);

        var sim = ItemKnnModel.Fit(m, new ItemKnnOptions { Shrinkage = 1 }, Ct).SimilarItems(0, 1)[0];

        Assert.Equal(1, sim.Item);
        Assert.Equal(2 / (Math.Sqrt(2) * Math.Sqrt(3) + 1), sim.Score, 5);
    }

    [Fact]
    public void ItemKnn_jaccard_matches_the_formula_on_a_worked_pair()
    {
        var m = InteractionMatrix.Build(3, 2, [new(0, 0, 1), new(0, 1, 1), new(1, 0, 1), new(1, 1, 1), new(2, 1, 1)]);

        var sim = ItemKnnModel.Fit(m, new ItemKnnOptions { Shrinkage = 0, Measure = SimilarityMeasure.Jaccard }, Ct).SimilarItems(0, 1)[0];

        Assert.Equal(2.0 / 3, sim.Score, 5);
    }

    [Fact]
    public void ItemKnn_recommends_the_held_out_group_items_to_every_user()
    {
        var metrics = OfflineEvaluation.Evaluate(ItemKnnModel.Fit(Data.Train, ct: Ct), Data, 2, Ct);

        Assert.Equal(1.0, metrics.Precision, 9);
    }

    [Fact]
    public void Als_recommends_a_held_out_group_item_to_every_user()
    {
        var model = AlsModel.Fit(Data.Train, new AlsOptions { Factors = 4, Iterations = 15, Regularization = 1, Alpha = 2 }, ct: Ct);

        var metrics = OfflineEvaluation.Evaluate(model, Data, 2, Ct);

        // Unseen items are fitted towards 0, held-out ones too, so not every list is perfect; but each holds its group.
        Assert.Equal(1.0, metrics.HitRate, 9);
        Assert.InRange(metrics.Precision, 0.9, 1.0);
    }

    [Fact]
    public void Als_item_factors_put_a_groups_items_closest_together()
    {
        var model = AlsModel.Fit(Data.Train, new AlsOptions { Factors = 4, Iterations = 15, Regularization = 1, Alpha = 2 }, ct: Ct);
        var groupB = Synthetic.GroupIds(Data, 150);

        var similar = model.SimilarItems(Synthetic.ItemId(Data, 5), 3);

        Assert.All(similar, s => Assert.Contains(s.Item, groupB));
    }

    [Fact]
    public void Als_with_the_same_seed_gives_the_same_factors()
    {
        var options = new AlsOptions { Factors = 4, Iterations = 3 };

        Assert.Equal(AlsModel.Fit(Data.Train, options, ct: Ct).ItemFactors, AlsModel.Fit(Data.Train, options, ct: Ct).ItemFactors);
    }

    [Fact]
    public void Models_never_recommend_what_exclude_refuses()
    {
        var user = Synthetic.UserId(Data, 0);
        var banned = Synthetic.GroupIds(Data, 0);
        IRecommender[] models = [PopularityModel.Fit(Data.Train), ItemKnnModel.Fit(Data.Train, ct: Ct), AlsModel.Fit(Data.Train, new AlsOptions { Factors = 4, Iterations = 3 }, ct: Ct)];

        foreach (var model in models)
        {
            Assert.DoesNotContain(model.Recommend(user, 10, banned.Contains), s => banned.Contains(s.Item));
        }
    }
}
