namespace Kith.Core.Clv;

/// <summary>
/// Customers with the same (x, t_x, T) contribute the same likelihood term: the fit evaluates each distinct triple
/// once, weighted by how many customers share it. With day-resolution times this shrinks a large store severalfold.
/// </summary>
internal sealed class CustomerGroups
{
    private CustomerGroups(int[] x, double[] tx, double[] t, double[] weight, int customers)
    {
        (X, Tx, T, Weight, Customers) = (x, tx, t, weight, customers);
    }

    public int[] X { get; }
    public double[] Tx { get; }
    public double[] T { get; }
    public double[] Weight { get; }
    public int Customers { get; }
    public int Count => X.Length;
    public int MaxX => X.Length == 0 ? 0 : X.Max();

    public static CustomerGroups Of(ClvSummary summary)
    {
        var index = new Dictionary<(int, double, double), int>();
        var (x, tx, t, w) = (new List<int>(), new List<double>(), new List<double>(), new List<double>());
        for (var i = 0; i < summary.CustomerCount; i++)
        {
            var key = (summary.X[i], summary.Tx[i], summary.T[i]);
            if (index.TryGetValue(key, out var g))
            {
                w[g]++;
                continue;
            }

            index[key] = x.Count;
            x.Add(key.Item1);
            tx.Add(key.Item2);
            t.Add(key.Item3);
            w.Add(1);
        }

        return new CustomerGroups([.. x], [.. tx], [.. t], [.. w], summary.CustomerCount);
    }

    /// <summary>
    /// Σ weight × term(i) over the groups, in fixed chunks summed in order, so that the result does not depend on
    /// how the threads were scheduled (a fit is reproducible to the last bit).
    /// </summary>
    public double Sum(Func<int, double[]?, double> term, double[]? gradient)
    {
        const int Chunk = 2048;
        var chunks = (Count + Chunk - 1) / Chunk;
        var k = gradient?.Length ?? 0;
        var values = new double[chunks];
        var grads = new double[chunks * k];
        Parallel.For(0, chunks, c =>
        {
            var g = k == 0 ? null : new double[k];
            var acc = new double[k];
            double sum = 0;
            for (var i = c * Chunk; i < Math.Min(Count, (c + 1) * Chunk); i++)
            {
                sum += Weight[i] * term(i, g);
                for (var j = 0; j < k; j++)
                {
                    acc[j] += Weight[i] * g![j];
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
