namespace Kith.Core.Clv;

/// <summary>
/// Σ weight(i) × term(i) (and the weighted sum of the term's gradient) over i = 0..count−1, in parallel over fixed chunks
/// summed in order, so that the result does not depend on how the threads were scheduled (a fit is reproducible to the
/// last bit). <c>term</c> overwrites every entry of the gradient array it is given.
/// </summary>
internal static class ParallelSum
{
    private const int Chunk = 2048;

    public static double Sum(int count, double[] weight, Func<int, double[]?, double> term, double[]? gradient)
    {
        var chunks = (count + Chunk - 1) / Chunk;
        var k = gradient?.Length ?? 0;
        var values = new double[chunks];
        var grads = new double[chunks * k];
        Parallel.For(0, chunks, c =>
        {
            var g = k == 0 ? null : new double[k];
            var acc = new double[k];
            double sum = 0;
            for (var i = c * Chunk; i < Math.Min(count, (c + 1) * Chunk); i++)
            {
                sum += weight[i] * term(i, g);
                for (var j = 0; j < k; j++)
                {
                    acc[j] += weight[i] * g![j];
                }
            }

            values[c] = sum;
            Array.Copy(acc, 0, grads, c * k, k);
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
