namespace Kith.Core.Clv;

/// <summary>
/// Helpers to group a large summary's customers by equal keys without a hash table of a million entries (on this kind
/// of machine, random access into such a table dominates): stable counting sorts over small dense keys, then the
/// groups numbered in order of their first customer — the order a dictionary walk over the customers gives, so sums
/// over groups come out the same to the bit.
/// </summary>
internal static class Grouping
{
    /// <summary>The distinct values of a column in order of first occurrence, and each row's index into them.</summary>
    public static (double[] Values, int[] Index) Distinct(double[] column)
    {
        var position = new Dictionary<double, int>();
        var values = new List<double>();
        var index = new int[column.Length];
        for (var i = 0; i < column.Length; i++)
        {
            var v = column[i];
            if (i > 0 && v.Equals(column[i - 1]))
            {
                index[i] = index[i - 1]; // neighbours often share a value
                continue;
            }

            if (!position.TryGetValue(v, out var p))
            {
                p = position[v] = values.Count;
                values.Add(v);
            }

            index[i] = p;
        }

        return ([.. values], index);
    }

    /// <summary><paramref name="order"/> stably sorted by <c>key[order[i]]</c>, keys in 0 .. range−1.</summary>
    public static int[] CountingSort(int[] order, int[] key, int range)
    {
        var start = new int[range + 1];
        foreach (var p in order)
        {
            start[key[p] + 1]++;
        }

        for (var k = 0; k < range; k++)
        {
            start[k + 1] += start[k];
        }

        var sorted = new int[order.Length];
        foreach (var p in order)
        {
            sorted[start[key[p]]++] = p;
        }

        return sorted;
    }

    /// <summary>
    /// From rows sorted so that equal keys are adjacent and each run is in row order (<paramref name="sameKey"/> tells
    /// whether two rows have equal keys): each group's first row and size, groups numbered by their first row.
    /// </summary>
    public static (int[] FirstRow, int[] Size) Runs(int[] sorted, int rows, Func<int, int, bool> sameKey)
    {
        var size = new int[rows]; // size of the group whose first row this is, 0 for other rows
        var groups = 0;
        for (var j = 0; j < sorted.Length;)
        {
            var end = j + 1;
            while (end < sorted.Length && sameKey(sorted[j], sorted[end]))
            {
                end++;
            }

            size[sorted[j]] = end - j;
            groups++;
            j = end;
        }

        var (first, count) = (new int[groups], new int[groups]);
        var g = 0;
        for (var i = 0; i < rows; i++)
        {
            if (size[i] > 0)
            {
                (first[g], count[g]) = (i, size[i]);
                g++;
            }
        }

        return (first, count);
    }
    /// <summary>
    /// The distinct (x, value) pairs of two columns, <c>value</c> in 0 .. range−1, in order of first occurrence: each
    /// row's pair, and the pairs' x and value. A dense table when x × value is small (as with days of history), else a
    /// dictionary.
    /// </summary>
    public static Pairs DistinctPairs(int[] x, int[] value, int range)
    {
        const long DenseCells = 1 << 22;
        var cells = ((long)(x.Length == 0 ? 0 : x.Max()) + 1) * range;
        var dense = cells <= DenseCells ? new int[cells] : null; // pair number + 1, 0 for none yet
        var sparse = dense is null ? new Dictionary<long, int>() : null;
        var pairOf = new int[x.Length];
        var (px, pv) = (new List<int>(), new List<int>());
        for (var i = 0; i < x.Length; i++)
        {
            var cell = ((long)x[i] * range) + value[i];
            int k;
            if (dense is not null)
            {
                k = dense[cell] - 1;
                if (k < 0)
                {
                    k = px.Count;
                    dense[cell] = k + 1;
                    px.Add(x[i]);
                    pv.Add(value[i]);
                }
            }
            else if (!sparse!.TryGetValue(cell, out k))
            {
                k = sparse[cell] = px.Count;
                px.Add(x[i]);
                pv.Add(value[i]);
            }

            pairOf[i] = k;
        }

        return new Pairs(pairOf, [.. px], [.. pv]);
    }

    /// <param name="Of">Each row's pair.</param>
    /// <param name="X">The pairs' x.</param>
    /// <param name="Value">The pairs' value.</param>
    internal sealed record Pairs(int[] Of, int[] X, int[] Value)
    {
        public int Count => X.Length;
    }
}
