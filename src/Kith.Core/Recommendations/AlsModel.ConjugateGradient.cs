using System.Collections.Concurrent;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kith.Core.Recommendations;

/// <summary>The conjugate-gradient half-step of <see cref="AlsModel"/> (<see cref="AlsSolver.ConjugateGradient"/>).</summary>
public sealed partial class AlsModel
{
    /// <summary>Rows per block of the parallel YᵀY; fixed, so the sum's order (and the result) does not depend on the cores.</summary>
    private const int GramBlock = 2048;

    /// <summary>
    /// One half-step: every row xᵤ of <paramref name="solved"/> moves towards the solution of
    /// (YᵀY + λI + Σᵢ (cᵤᵢ − 1) yᵢyᵢᵀ) xᵤ = Σᵢ cᵤᵢ yᵢ by <see cref="AlsOptions.ConjugateGradientSteps"/> CG steps from its
    /// current value (Takács et al. 2011, as in <c>implicit</c>'s <c>_least_squares_cg</c>). Each row reads only its own
    /// previous value and the fixed <paramref name="other"/>, so the result does not depend on scheduling.
    /// </summary>
    private static void SolveConjugateGradient(InteractionMatrix rows, float[] other, float[] solved, int k, AlsOptions options,
        ConcurrentBag<Workspace> pool, CancellationToken ct)
    {
        var gram = GramSingle(other, k, (float)options.Regularization, ct);
        var alpha = (float)options.Alpha;
        var steps = options.ConjugateGradientSteps;
        // Parallel.For replaces its worker tasks now and then; the pool (one per fit) keeps a 5 MB gather buffer from
        // being allocated again by every new worker and every half-step.
        Parallel.For(0, rows.Users, new ParallelOptions { CancellationToken = ct },
            () => pool.TryTake(out var w) ? w : new Workspace(k),
            (u, _, work) =>
            {
                var x = solved.AsSpan(u * k, k);
                var cols = rows.ItemsOf(u);
                var weights = rows.WeightsOf(u);
                if (cols.Length == 0)
                {
                    x.Clear();
                    return work;
                }

                // The row's other-side vectors, copied once into a contiguous buffer: the CG steps then read them
                // from cache instead of gathering them again from a factor array that can be far larger than the cache.
                var ys = work.Gather(other, cols, k);
                var r = work.R.AsSpan();
                var p = work.P.AsSpan();
                var ap = work.Ap.AsSpan();

                // r = b − A x, with b = Σ cᵢ yᵢ and A x = (YᵀY + λI) x + Σ (cᵢ − 1)(yᵢ·x) yᵢ.
                MultiplySymmetric(gram, x, r, k);
                TensorPrimitives.Negate(r, r);
                AddProjections(ys, weights, alpha, x, r, k, residual: true);

                r.CopyTo(p);
                var rsOld = Dot(r, r);
                for (var step = 0; step < steps && rsOld > 1e-20f; step++)
                {
                    MultiplySymmetric(gram, p, ap, k);
                    AddProjections(ys, weights, alpha, p, ap, k, residual: false);

                    var pap = Dot(p, ap);
                    if (!(pap > 0))
                    {
                        break; // A is positive definite; a non-positive curvature is round-off at convergence
                    }

                    var a = rsOld / pap;
                    Axpy(a, p, x);
                    Axpy(-a, ap, r);
                    var rsNew = Dot(r, r);
                    TensorPrimitives.MultiplyAdd(p, rsNew / rsOld, r, p);
                    rsOld = rsNew;
                }

                return work;
            },
            pool.Add);
    }

    /// <summary>
    /// The pass over a row's interactions: <paramref name="acc"/> += Σ_q (c_q − (c_q − 1)(y_q·v)) y_q for the residual
    /// (b − A v's interaction part), or Σ_q (c_q − 1)(y_q·v) y_q for a CG step (A v's), with c_q = 1 + α·w_q.
    /// </summary>
    private static void AddProjections(ReadOnlySpan<float> ys, ReadOnlySpan<float> weights, float alpha, ReadOnlySpan<float> v, Span<float> acc, int k, bool residual)
    {
        if (k == 4 * Vector256<float>.Count && Vector256.IsHardwareAccelerated)
        {
            AddProjections32(ys, weights, alpha, v, acc, residual);
            return;
        }

        for (var q = 0; q < weights.Length; q++)
        {
            var y = ys.Slice(q * k, k);
            var cm1 = alpha * weights[q];
            Axpy(residual ? 1 + cm1 - cm1 * Dot(y, v) : cm1 * Dot(y, v), y, acc);
        }
    }

    /// <summary><see cref="AddProjections"/> for k = 32 (the default): v and the sum stay in eight vector registers.</summary>
    private static void AddProjections32(ReadOnlySpan<float> ys, ReadOnlySpan<float> weights, float alpha, ReadOnlySpan<float> v, Span<float> acc, bool residual)
    {
        const int K = 32;
        ArgumentOutOfRangeException.ThrowIfLessThan(ys.Length, weights.Length * K, nameof(ys));
        ArgumentOutOfRangeException.ThrowIfLessThan(v.Length, K, nameof(v));
        ArgumentOutOfRangeException.ThrowIfLessThan(acc.Length, K, nameof(acc));
        ref var vRef = ref MemoryMarshal.GetReference(v);
        var (v0, v1, v2, v3) = (Vector256.LoadUnsafe(ref vRef), Vector256.LoadUnsafe(ref vRef, 8), Vector256.LoadUnsafe(ref vRef, 16), Vector256.LoadUnsafe(ref vRef, 24));
        ref var aRef = ref MemoryMarshal.GetReference(acc);
        var (a0, a1, a2, a3) = (Vector256.LoadUnsafe(ref aRef), Vector256.LoadUnsafe(ref aRef, 8), Vector256.LoadUnsafe(ref aRef, 16), Vector256.LoadUnsafe(ref aRef, 24));
        ref var yRef = ref MemoryMarshal.GetReference(ys);
        for (var q = 0; q < weights.Length; q++)
        {
            ref var y = ref Unsafe.Add(ref yRef, q * K);
            var (y0, y1, y2, y3) = (Vector256.LoadUnsafe(ref y), Vector256.LoadUnsafe(ref y, 8), Vector256.LoadUnsafe(ref y, 16), Vector256.LoadUnsafe(ref y, 24));
            var dot = Vector256.Sum((y0 * v0) + (y1 * v1) + ((y2 * v2) + (y3 * v3)));
            var cm1 = alpha * weights[q];
            var s = Vector256.Create(residual ? 1 + cm1 - cm1 * dot : cm1 * dot);
            a0 += s * y0;
            a1 += s * y1;
            a2 += s * y2;
            a3 += s * y3;
        }

        a0.StoreUnsafe(ref aRef);
        a1.StoreUnsafe(ref aRef, 8);
        a2.StoreUnsafe(ref aRef, 16);
        a3.StoreUnsafe(ref aRef, 24);
    }

    /// <summary>result = G v for the symmetric k × k <paramref name="gram"/> (row j = column j).</summary>
    private static void MultiplySymmetric(float[] gram, ReadOnlySpan<float> v, Span<float> result, int k)
    {
        var width = Vector<float>.Count;
        if (k % (4 * width) != 0)
        {
            result.Clear();
            for (var j = 0; j < k; j++)
            {
                Axpy(v[j], gram.AsSpan(j * k, k), result);
            }

            return;
        }

        // Four vectors of the result in registers at a time, so the sum over j is not a chain through memory.
        var g = MemoryMarshal.Cast<float, Vector<float>>(gram.AsSpan());
        var res = MemoryMarshal.Cast<float, Vector<float>>(result);
        var perRow = k / width;
        for (var b = 0; b < perRow; b += 4)
        {
            var (a0, a1, a2, a3) = (Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero);
            for (var j = 0; j < k; j++)
            {
                var s = new Vector<float>(v[j]);
                var row = g.Slice(j * perRow + b, 4);
                a0 += s * row[0];
                a1 += s * row[1];
                a2 += s * row[2];
                a3 += s * row[3];
            }

            res[b] = a0;
            res[b + 1] = a1;
            res[b + 2] = a2;
            res[b + 3] = a3;
        }
    }

    /// <summary>x·y over k floats, with <see cref="Vector{T}"/> (the k × k kernels are too short for a library call to pay).</summary>
    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y[..x.Length]);
        var (acc0, acc1) = (Vector<float>.Zero, Vector<float>.Zero);
        var i = 0;
        for (; i + 1 < vx.Length; i += 2)
        {
            acc0 += vx[i] * vy[i];
            acc1 += vx[i + 1] * vy[i + 1];
        }

        if (i < vx.Length)
        {
            acc0 += vx[i] * vy[i];
        }

        var sum = Vector.Sum(acc0 + acc1);
        for (i = vx.Length * Vector<float>.Count; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    /// <summary>y += a·x over x's length.</summary>
    private static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y[..x.Length]);
        var va = new Vector<float>(a);
        for (var i = 0; i < vx.Length; i++)
        {
            vy[i] += va * vx[i];
        }

        for (var i = vx.Length * Vector<float>.Count; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>YᵀY + λI (k × k, symmetric), summed in double over fixed blocks of rows computed in parallel.</summary>
    private static float[] GramSingle(float[] factors, int k, float regularization, CancellationToken ct)
    {
        var n = factors.Length / k;
        var blocks = (n + GramBlock - 1) / GramBlock;
        var partial = new float[blocks * k * k];
        Parallel.For(0, blocks, new ParallelOptions { CancellationToken = ct }, b =>
        {
            var g = partial.AsSpan(b * k * k, k * k);
            for (var i = b * GramBlock; i < Math.Min(n, (b + 1) * GramBlock); i++)
            {
                var y = factors.AsSpan(i * k, k);
                for (var col = 0; col < k; col++)
                {
                    Axpy(y[col], y, g.Slice(col * k, k));
                }
            }
        });
        var sum = new double[k * k];
        for (var b = 0; b < blocks; b++)
        {
            var g = partial.AsSpan(b * k * k, k * k);
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += g[i];
            }
        }

        var gram = new float[k * k];
        for (var i = 0; i < gram.Length; i++)
        {
            gram[i] = (float)sum[i];
        }

        for (var d = 0; d < k; d++)
        {
            gram[d * k + d] += regularization;
        }

        return gram;
    }

    /// <summary>A worker's buffers for <see cref="SolveConjugateGradient"/>.</summary>
    private sealed class Workspace(int k)
    {
        private float[] _gathered = new float[64 * k];

        public float[] R { get; } = new float[k];

        public float[] P { get; } = new float[k];

        public float[] Ap { get; } = new float[k];

        /// <summary>The rows <paramref name="ids"/> of <paramref name="factors"/>, one after the other.</summary>
        public ReadOnlySpan<float> Gather(float[] factors, ReadOnlySpan<int> ids, int k)
        {
            if (_gathered.Length < ids.Length * k)
            {
                _gathered = new float[Math.Max(ids.Length * k, 2 * _gathered.Length)];
            }

            if (k % Vector<float>.Count == 0)
            {
                var from = MemoryMarshal.Cast<float, Vector<float>>(factors.AsSpan());
                var to = MemoryMarshal.Cast<float, Vector<float>>(_gathered.AsSpan());
                var perRow = k / Vector<float>.Count;
                for (var q = 0; q < ids.Length; q++)
                {
                    var (src, dst) = (ids[q] * perRow, q * perRow);
                    for (var c = 0; c < perRow; c++)
                    {
                        to[dst + c] = from[src + c]; // a loop of vector moves: cheaper than a Memmove call for 128 bytes
                    }
                }
            }
            else
            {
                for (var q = 0; q < ids.Length; q++)
                {
                    factors.AsSpan(ids[q] * k, k).CopyTo(_gathered.AsSpan(q * k, k));
                }
            }

            return _gathered.AsSpan(0, ids.Length * k);
        }
    }
}
