using Kith.Core.Recommendations;
using Xunit;

namespace Kith.Core.Tests.Recommendations;

/// <summary>
/// The conjugate-gradient solver of <see cref="AlsModel"/> (the default) against the exact Cholesky solver on a small
/// clustered matrix: the same objective within a fraction of a percent, nearly the same recommendations, and the
/// same factors for the same seed however the rows are scheduled.
/// </summary>
public class AlsSolverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>600 users in 3 taste groups of 40 items (8 purchases in the group, 2 anywhere, random weights), 150 items.</summary>
    private static readonly InteractionMatrix Matrix = Clustered(600, 150, 5);

    [Theory]
    [InlineData(4)] // shorter than a SIMD vector: the scalar paths
    [InlineData(32)] // the default: the vectorised paths
    public void Conjugate_gradient_reaches_the_loss_of_the_exact_solution(int factors)
    {
        var exact = new AlsOptions { Factors = factors, Solver = AlsSolver.Cholesky, Regularization = 2 };
        var cg = exact with { Solver = AlsSolver.ConjugateGradient };

        var exactLoss = Loss(AlsModel.Fit(Matrix, exact, ct: Ct), exact);
        var cgLoss = Loss(AlsModel.Fit(Matrix, cg, ct: Ct), cg);

        Assert.InRange(cgLoss, exactLoss * 0.995, exactLoss * 1.005);
    }

    [Fact]
    public void Conjugate_gradient_recommends_what_the_exact_solution_recommends()
    {
        var exact = AlsModel.Fit(Matrix, new AlsOptions { Factors = 8, Solver = AlsSolver.Cholesky, Regularization = 2 }, ct: Ct);
        var cg = AlsModel.Fit(Matrix, new AlsOptions { Factors = 8, Solver = AlsSolver.ConjugateGradient, Regularization = 2 }, ct: Ct);

        double same = 0;
        for (var u = 0; u < Matrix.Users; u++)
        {
            var a = exact.Recommend(u, 5).Select(s => s.Item).ToHashSet();
            same += cg.Recommend(u, 5).Count(s => a.Contains(s.Item));
        }

        Assert.True(same / (5.0 * Matrix.Users) >= 0.9, $"top-5 overlap {same / (5.0 * Matrix.Users):P1}");
    }

    [Fact]
    public void Conjugate_gradient_is_the_default_and_a_seed_gives_the_same_factors()
    {
        var big = Clustered(5000, 150, 9); // enough rows for the parallel loop to split them between threads
        var options = new AlsOptions { Iterations = 4 };

        Assert.Equal(AlsSolver.ConjugateGradient, options.Solver);
        var first = AlsModel.Fit(big, options, ct: Ct);
        var second = AlsModel.Fit(big, options, ct: Ct);
        Assert.Equal(first.UserFactors, second.UserFactors);
        Assert.Equal(first.ItemFactors, second.ItemFactors);
    }

    [Fact]
    public void Users_without_feedback_get_zero_factors()
    {
        var m = InteractionMatrix.Build(3, 2, [new(0, 0, 1f), new(2, 1, 1f)]);

        var model = AlsModel.Fit(m, new AlsOptions { Factors = 4 }, ct: Ct);

        Assert.All(model.UserFactors.AsSpan(4, 4).ToArray(), v => Assert.Equal(0f, v));
        Assert.Empty(model.Recommend(1, 2));
    }

    /// <summary>Hu–Koren–Volinsky's objective: Σ over all (user, item) of c·(p − x·y)² + λ(‖X‖² + ‖Y‖²), in double.</summary>
    private static double Loss(AlsModel model, AlsOptions options)
    {
        var k = options.Factors;
        double loss = 0;
        for (var u = 0; u < Matrix.Users; u++)
        {
            var items = Matrix.ItemsOf(u);
            var weights = Matrix.WeightsOf(u);
            for (var i = 0; i < Matrix.ItemCount; i++)
            {
                double dot = 0;
                for (var d = 0; d < k; d++)
                {
                    dot += (double)model.UserFactors[u * k + d] * model.ItemFactors[i * k + d];
                }

                var at = items.BinarySearch(i);
                var (p, c) = at >= 0 ? (1.0, 1 + options.Alpha * weights[at]) : (0.0, 1.0);
                loss += c * (p - dot) * (p - dot);
            }
        }

        return loss + options.Regularization * (model.UserFactors.Sum(v => (double)v * v) + model.ItemFactors.Sum(v => (double)v * v));
    }

    private static InteractionMatrix Clustered(int users, int items, int seed)
    {
        var random = new Random(seed);
        var list = new List<Interaction>();
        for (var u = 0; u < users; u++)
        {
            var group = u % 3;
            for (var n = 0; n < 8; n++)
            {
                list.Add(new Interaction(u, group * 40 + random.Next(40), 1 + random.Next(3)));
            }

            for (var n = 0; n < 2; n++)
            {
                list.Add(new Interaction(u, random.Next(items), 1));
            }
        }

        return InteractionMatrix.Build(users, items, list);
    }
}
