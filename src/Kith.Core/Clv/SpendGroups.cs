namespace Kith.Core.Clv;

/// <summary>
/// The Gamma-Gamma fit's input: repeat buyers (x &gt; 0) with z̄ &gt; 0, one entry per distinct (x, z̄) weighted by how
/// many customers share it (stores with a price list repeat the same means often), with ln z̄ taken once.
/// </summary>
internal sealed class SpendGroups
{
    private SpendGroups(int[] x, double[] z, double[] weight, int customers)
    {
        (X, Z, Weight, Customers) = (x, z, weight, customers);
        LogZ = z.Select(v => Math.Log(v)).ToArray();
        MaxX = x.Length == 0 ? 0 : x.Max();
        MeanValue = customers == 0 ? 0 : Enumerable.Range(0, z.Length).Sum(i => z[i] * weight[i]) / customers;
    }

    public int[] X { get; }
    public double[] Z { get; }
    public double[] LogZ { get; }
    public double[] Weight { get; }
    public int Customers { get; }
    public int MaxX { get; }

    /// <summary>Mean z̄ over the customers.</summary>
    public double MeanValue { get; }

    public int Count => X.Length;

    public static SpendGroups Of(ClvSummary summary)
    {
        var index = new Dictionary<(int, double), int>();
        var (x, z, w) = (new List<int>(), new List<double>(), new List<double>());
        var customers = 0;
        for (var i = 0; i < summary.CustomerCount; i++)
        {
            if (summary.X[i] <= 0 || !(summary.Monetary[i] > 0))
            {
                continue;
            }

            customers++;
            var key = (summary.X[i], summary.Monetary[i]);
            if (index.TryGetValue(key, out var g))
            {
                w[g]++;
                continue;
            }

            index[key] = x.Count;
            x.Add(key.Item1);
            z.Add(key.Item2);
            w.Add(1);
        }

        return new SpendGroups([.. x], [.. z], [.. w], customers);
    }

    public double Sum(Func<int, double[]?, double> term, double[]? gradient) => ParallelSum.Sum(Count, Weight, term, gradient);
}
