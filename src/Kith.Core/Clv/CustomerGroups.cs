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

    /// <summary>Σ weight × term(i) over the groups, in parallel and reproducibly (<see cref="ParallelSum"/>).</summary>
    public double Sum(Func<int, double[]?, double> term, double[]? gradient) => ParallelSum.Sum(Count, Weight, term, gradient);
}
