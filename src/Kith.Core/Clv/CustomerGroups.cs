namespace Kith.Core.Clv;

/// <summary>
/// Customers with the same (x, t_x, T) contribute the same likelihood term: the fit evaluates each distinct triple
/// once, weighted by how many customers share it, groups in order of their first customer. With day-resolution times
/// this shrinks a large store severalfold. T and t_x take few distinct values (one per day of history), so each group
/// also points into the lists of distinct T and t_x: a likelihood can take ln(α + T) once per distinct T rather than
/// once per group.
/// </summary>
internal sealed class CustomerGroups
{
    private CustomerGroups(int[] x, double[] tValues, int[] tIndex, double[] txValues, int[] txIndex, double[] weight, int customers)
    {
        (X, TValues, TIndex, TxValues, TxIndex, Weight, Customers) = (x, tValues, tIndex, txValues, txIndex, weight, customers);
        T = tIndex.Select(i => tValues[i]).ToArray();
        Tx = txIndex.Select(i => txValues[i]).ToArray();
        MaxX = x.Length == 0 ? 0 : x.Max();
        PairsT = Grouping.DistinctPairs(x, tIndex, tValues.Length);
        PairsTx = Grouping.DistinctPairs(x, txIndex, txValues.Length);
    }

    public int[] X { get; }
    public double[] Tx { get; }
    public double[] T { get; }
    public double[] Weight { get; }
    public int Customers { get; }
    public int Count => X.Length;
    public int MaxX { get; }

    /// <summary>The distinct values of T; group i has T = TValues[TIndex[i]].</summary>
    public double[] TValues { get; }
    public int[] TIndex { get; }

    /// <summary>The distinct values of t_x; group i has t_x = TxValues[TxIndex[i]].</summary>
    public double[] TxValues { get; }
    public int[] TxIndex { get; }

    /// <summary>The distinct (x, T) of the groups (T as an index into <see cref="TValues"/>); group i has pair PairT[i].</summary>
    public Grouping.Pairs PairsT { get; }
    public int[] PairT => PairsT.Of;

    /// <summary>The distinct (x, t_x) of the groups (t_x as an index into <see cref="TxValues"/>); group i has pair PairTx[i].</summary>
    public Grouping.Pairs PairsTx { get; }
    public int[] PairTx => PairsTx.Of;

    public static CustomerGroups Of(ClvSummary summary)
    {
        var n = summary.CustomerCount;
        var (tValues, tOf) = Grouping.Distinct(summary.T);
        var (txValues, txOf) = Grouping.Distinct(summary.Tx);
        var x = summary.X;
        // Stable sorts by t_x, then x, then T: equal (x, t_x, T) end up adjacent, each run in customer order.
        var order = Enumerable.Range(0, n).ToArray();
        order = Grouping.CountingSort(order, txOf, txValues.Length);
        order = Grouping.CountingSort(order, x, n == 0 ? 1 : x.Max() + 1);
        order = Grouping.CountingSort(order, tOf, tValues.Length);
        var (first, size) = Grouping.Runs(order, n, (i, j) => x[i] == x[j] && txOf[i] == txOf[j] && tOf[i] == tOf[j]);
        return new CustomerGroups(
            first.Select(i => x[i]).ToArray(), tValues, first.Select(i => tOf[i]).ToArray(), txValues, first.Select(i => txOf[i]).ToArray(),
            size.Select(s => (double)s).ToArray(), n);
    }

    /// <summary>Σ weight × term(i) over the groups, in parallel and reproducibly (<see cref="ParallelSum"/>).</summary>
    public double Sum(Func<int, double[]?, double> term, double[]? gradient) => ParallelSum.Sum(Count, Weight, term, gradient);
}
