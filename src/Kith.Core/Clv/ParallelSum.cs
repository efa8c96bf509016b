namespace Kith.Core.Clv;

/// <summary>
/// Σ weight(i) × term(i) (and the weighted sum of the term's gradient) over i = 0..count−1, in parallel over fixed chunks
/// summed in order, so that the result does not depend on how the threads were scheduled (a fit is reproducible to the
/// last bit).
/// </summary>
internal static class ParallelSum
{
    private const int Chunk = 2048;

    /// <summary>
    /// Sums one chunk, i = <c>from</c> .. <c>to</c>−1 in this order: returns Σ weight(i) × term(i) and adds
    /// Σ weight(i) × ∂term(i) to <c>gradient</c> (zeroed, null when no gradient is wanted). A hand-written loop over a
    /// chunk keeps the parameters and per-evaluation tables in registers, which a delegate call per term does not.
    /// </summary>
    public delegate double ChunkSum(int from, int to, double[]? gradient);

    /// <summary>
    /// Σ weight × term; <c>term</c> overwrites every entry of the gradient array it is given. Same result, to the bit,
    /// as a <see cref="ChunkSum"/> that accumulates <c>sum += weight[i] * term</c> and <c>g[j] += weight[i] * ∂ⱼterm</c>.
    /// </summary>
    public static double Sum(int count, double[] weight, Func<int, double[]?, double> term, double[]? gradient)
    {
        var k = gradient?.Length ?? 0;
        return Sum(count, (from, to, acc) =>
        {
            var g = k == 0 ? null : new double[k];
            double sum = 0;
            for (var i = from; i < to; i++)
            {
                sum += weight[i] * term(i, g);
                for (var j = 0; j < k; j++)
                {
                    acc![j] += weight[i] * g![j];
                }
            }

            return sum;
        }, gradient);
    }

    /// <summary>The chunks' sums added in chunk order; their gradients added into <paramref name="gradient"/>.</summary>
    public static double Sum(int count, ChunkSum chunk, double[]? gradient)
    {
        var chunks = (count + Chunk - 1) / Chunk;
        var k = gradient?.Length ?? 0;
        var values = new double[chunks];
        var grads = new double[chunks * k];
        Parallel.For(0, chunks, c =>
        {
            var acc = k == 0 ? null : new double[k];
            values[c] = chunk(c * Chunk, Math.Min(count, (c + 1) * Chunk), acc);
            if (acc is not null)
            {
                Array.Copy(acc, 0, grads, c * k, k);
            }
        });

        double total = 0;
        for (var c = 0; c < chunks; c++)
        {
            total += values[c];
            for (var j = 0; j < k; j++)
            {
                gradient![j] += grads[(c * k) + j];
            }
        }

        return total;
    }
}
