using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace Kith.Core.Recommendations;

/// <summary>
/// Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren &amp; Volinsky, "Collaborative
/// Filtering for Implicit Feedback Datasets", ICDM 2008). Preference p = 1 where the user interacted, else 0; confidence
/// c = 1 + α·w. Each half-step solves, per user, (YᵀY + Yᵀ(Cᵤ − I)Y + λI) xᵤ = YᵀCᵤp(u), using the YᵀY trick: by
/// default with a few conjugate-gradient steps warm-started from the previous xᵤ (<see cref="AlsSolver.ConjugateGradient"/>,
/// O(nnz·k + (users + items)·k²) per sweep), or exactly with a k×k Cholesky (MathNet, <see cref="AlsSolver.Cholesky"/>,
/// O(nnz·k² + (users + items)·k³) per sweep); rows are solved in parallel and each row's result does not depend on scheduling, so a seed gives the same model.
/// Immutable after <see cref="Fit"/>; thread-safe.
/// </summary>
public sealed partial class AlsModel : IRecommender
{
    private readonly InteractionMatrix _train;
    private readonly int _factors;

    private AlsModel(InteractionMatrix train, int factors, float[] userFactors, float[] itemFactors)
    {
        _train = train;
        _factors = factors;
        UserFactors = userFactors;
        ItemFactors = itemFactors;
    }

    public string Name => "als";

    /// <summary>Users × k, row-major.</summary>
    public float[] UserFactors { get; }

    /// <summary>Items × k, row-major.</summary>
    public float[] ItemFactors { get; }

    public static AlsModel Fit(InteractionMatrix train, AlsOptions? options = null, IProgress<int>? iterationsDone = null, CancellationToken ct = default)
    {
        options ??= new AlsOptions();
        var k = options.Factors;
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1, nameof(options.Factors));
        var byItem = train.Transpose();
        var random = new Random(options.Seed);
        if (options.Solver == AlsSolver.ConjugateGradient)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(options.ConjugateGradientSteps, 1, nameof(options.ConjugateGradientSteps));
            var itemFactors = new float[train.ItemCount * k];
            var userFactors = new float[train.Users * k];
            for (var i = 0; i < itemFactors.Length; i++)
            {
                itemFactors[i] = (float)(random.NextDouble() * 0.01);
            }

            for (var i = 0; i < userFactors.Length; i++)
            {
                userFactors[i] = (float)(random.NextDouble() * 0.01);
            }

            var workspaces = new System.Collections.Concurrent.ConcurrentBag<Workspace>();
            for (var it = 0; it < options.Iterations; it++)
            {
                SolveConjugateGradient(train, itemFactors, userFactors, k, options, workspaces, ct);
                SolveConjugateGradient(byItem, userFactors, itemFactors, k, options, workspaces, ct);
                iterationsDone?.Report(it + 1);
            }

            return new AlsModel(train, k, userFactors, itemFactors);
        }

        var users = new double[train.Users * k];
        var items = new double[train.ItemCount * k];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = random.NextDouble() * 0.01;
        }

        for (var i = 0; i < users.Length; i++)
        {
            users[i] = random.NextDouble() * 0.01;
        }

        for (var it = 0; it < options.Iterations; it++)
        {
            Solve(train, items, users, k, options, ct);
            Solve(byItem, users, items, k, options, ct);
            iterationsDone?.Report(it + 1);
        }

        return new AlsModel(train, k, [.. users.Select(v => (float)v)], [.. items.Select(v => (float)v)]);
    }

    /// <summary>One half-step: every row of <paramref name="solved"/> from the fixed <paramref name="other"/> factors.</summary>
    private static void Solve(InteractionMatrix rows, double[] other, double[] solved, int k, AlsOptions options, CancellationToken ct)
    {
        var gram = Gram(other, k);
        Parallel.For(0, rows.Users, new ParallelOptions { CancellationToken = ct },
            () => (A: Matrix<double>.Build.Dense(k, k), B: Vector<double>.Build.Dense(k)),
            (r, _, work) =>
            {
                var cols = rows.ItemsOf(r);
                var weights = rows.WeightsOf(r);
                if (cols.Length == 0)
                {
                    Array.Clear(solved, r * k, k);
                    return work;
                }

                var a = work.A.AsColumnMajorArray();
                Array.Copy(gram, a, gram.Length);
                var b = work.B.AsArray();
                Array.Clear(b);
                for (var d = 0; d < k; d++)
                {
                    a[d * k + d] += options.Regularization;
                }

                for (var p = 0; p < cols.Length; p++)
                {
                    var c = 1 + options.Alpha * weights[p];
                    var y = other.AsSpan(cols[p] * k, k);
                    for (var col = 0; col < k; col++)
                    {
                        var column = a.AsSpan(col * k, k);
                        TensorPrimitives.MultiplyAdd(y, (c - 1) * y[col], column, column);
                    }

                    TensorPrimitives.MultiplyAdd(y, c, b, b);
                }

                var x = work.A.Cholesky().Solve(work.B);
                x.AsArray().CopyTo(solved, r * k);
                return work;
            },
            _ => { });
    }

    /// <summary>YᵀY (k × k, column-major).</summary>
    private static double[] Gram(double[] factors, int k)
    {
        var g = new double[k * k];
        var n = factors.Length / k;
        for (var i = 0; i < n; i++)
        {
            var y = factors.AsSpan(i * k, k);
            for (var col = 0; col < k; col++)
            {
                var column = g.AsSpan(col * k, k);
                TensorPrimitives.MultiplyAdd(y, y[col], column, column);
            }
        }

        return g;
    }

    /// <summary>Predicted preference xᵤ·yᵢ.</summary>
    public float Score(int user, int item) =>
        TensorPrimitives.Dot(UserFactors.AsSpan(user * _factors, _factors), ItemFactors.AsSpan(item * _factors, _factors));

    public IReadOnlyList<ScoredItem> Recommend(int user, int k, Func<int, bool>? exclude = null)
    {
        if (user < 0 || user >= _train.Users || _train.ItemsOf(user).Length == 0)
        {
            return [];
        }

        var scores = new float[_train.ItemCount];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = Score(user, i);
        }

        foreach (var own in _train.ItemsOf(user))
        {
            scores[own] = float.NaN;
        }

        return TopK.Select(scores, k, exclude);
    }

    /// <summary>Items whose factor vectors have the highest cosine with this item's; O(items·k) per call, so precompute for serving.</summary>
    public IReadOnlyList<ScoredItem> SimilarItems(int item, int k)
    {
        var f = _factors;
        var norms = new float[_train.ItemCount];
        var scores = new float[_train.ItemCount];
        var y = ItemFactors.AsSpan(item * f, f);
        var ny = MathF.Sqrt(TensorPrimitives.Dot(y, y));
        for (var j = 0; j < scores.Length; j++)
        {
            var z = ItemFactors.AsSpan(j * f, f);
            norms[j] = MathF.Sqrt(TensorPrimitives.Dot(z, z));
            scores[j] = j == item ? float.NaN : TensorPrimitives.Dot(y, z) / (ny * norms[j] + 1e-9f);
        }

        return TopK.Select(scores, k, null);
    }
}
