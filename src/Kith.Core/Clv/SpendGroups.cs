namespace Kith.Core.Clv;

/// <summary>
/// The Gamma-Gamma fit's input: repeat buyers (x &gt; 0) with z̄ &gt; 0, one entry per distinct (x, z̄) weighted by how
/// many customers share it (stores with a price list repeat the same means often), in order of their first customer,
/// with ln z̄ taken once.
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
        var (x, z) = (summary.X, summary.Monetary);
        var buyers = Enumerable.Range(0, summary.CustomerCount).Where(i => x[i] > 0 && z[i] > 0).ToArray();
        // Sorted by z̄, then (within equal z̄, usually a handful) by x and customer: equal (x, z̄) end up adjacent,
        // each run in customer order.
        var order = (int[])buyers.Clone();
        Array.Sort(buyers.Select(i => z[i]).ToArray(), order);
        var byXThenCustomer = Comparer<int>.Create((a, b) => x[a] != x[b] ? x[a].CompareTo(x[b]) : a.CompareTo(b));
        for (var j = 0; j < order.Length;)
        {
            var end = j + 1;
            while (end < order.Length && z[order[end]] == z[order[j]])
            {
                end++;
            }

            if (end - j > 1)
            {
                Array.Sort(order, j, end - j, byXThenCustomer);
            }

            j = end;
        }

        var (first, size) = Grouping.Runs(order, summary.CustomerCount, (a, b) => x[a] == x[b] && z[a] == z[b]);
        return new SpendGroups(first.Select(i => x[i]).ToArray(), first.Select(i => z[i]).ToArray(), size.Select(s => (double)s).ToArray(), buyers.Length);
    }
}
