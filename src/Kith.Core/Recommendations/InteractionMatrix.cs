namespace Kith.Core.Recommendations;

/// <summary>
/// A sparse users × items matrix of implicit feedback in compressed sparse row form: the items of user u are
/// <c>Items[RowStart[u]..RowStart[u+1]]</c>, sorted ascending, with their summed weights in <c>Values</c>.
/// Immutable once built, so safe to read from many threads.
/// </summary>
public sealed class InteractionMatrix
{
    private InteractionMatrix(int users, int items, int[] rowStart, int[] columns, float[] values)
    {
        Users = users;
        ItemCount = items;
        RowStart = rowStart;
        Columns = columns;
        Values = values;
    }

    /// <summary>Number of rows (users); ids 0..Users−1.</summary>
    public int Users { get; }

    /// <summary>Number of columns (items); ids 0..ItemCount−1.</summary>
    public int ItemCount { get; }

    /// <summary>Row offsets, length <see cref="Users"/> + 1.</summary>
    public int[] RowStart { get; }

    /// <summary>Column (item) ids of the non-zero entries, sorted within each row.</summary>
    public int[] Columns { get; }

    /// <summary>Weights of the non-zero entries, aligned with <see cref="Columns"/>.</summary>
    public float[] Values { get; }

    /// <summary>Number of distinct (user, item) pairs.</summary>
    public int NonZeros => Columns.Length;

    public ReadOnlySpan<int> ItemsOf(int user) => Columns.AsSpan(RowStart[user], RowStart[user + 1] - RowStart[user]);

    public ReadOnlySpan<float> WeightsOf(int user) => Values.AsSpan(RowStart[user], RowStart[user + 1] - RowStart[user]);

    /// <summary>Whether the user has any interaction with the item (binary search in the row).</summary>
    public bool Contains(int user, int item) => ItemsOf(user).BinarySearch(item) >= 0;

    /// <summary>Builds the matrix; repeated (user, item) pairs are summed. Ids must lie in 0..users−1 and 0..items−1.</summary>
    public static InteractionMatrix Build(int users, int items, IReadOnlyCollection<Interaction> interactions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(users);
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        var counts = new int[users + 1];
        foreach (var x in interactions)
        {
            if ((uint)x.User >= (uint)users || (uint)x.Item >= (uint)items)
            {
                throw new ArgumentOutOfRangeException(nameof(interactions), $"interaction ({x.User}, {x.Item}) outside {users} × {items}");
            }

            counts[x.User + 1]++;
        }

        for (var u = 0; u < users; u++)
        {
            counts[u + 1] += counts[u];
        }

        var next = (int[])counts.Clone();
        var cols = new int[interactions.Count];
        var vals = new float[interactions.Count];
        foreach (var x in interactions)
        {
            var at = next[x.User]++;
            cols[at] = x.Item;
            vals[at] = x.Weight;
        }

        // Sort each row by item and merge duplicates in place.
        var rowStart = new int[users + 1];
        var write = 0;
        for (var u = 0; u < users; u++)
        {
            var from = counts[u];
            var to = counts[u + 1];
            Array.Sort(cols, vals, from, to - from);
            rowStart[u] = write;
            for (var i = from; i < to; i++)
            {
                if (write > rowStart[u] && cols[write - 1] == cols[i])
                {
                    vals[write - 1] += vals[i];
                }
                else
                {
                    cols[write] = cols[i];
                    vals[write] = vals[i];
                    write++;
                }
            }
        }

        rowStart[users] = write;
        Array.Resize(ref cols, write);
        Array.Resize(ref vals, write);
        return new InteractionMatrix(users, items, rowStart, cols, vals);
    }

    /// <summary>The items × users matrix (each item's users, sorted).</summary>
    public InteractionMatrix Transpose()
    {
        var counts = new int[ItemCount + 1];
        foreach (var c in Columns)
        {
            counts[c + 1]++;
        }

        for (var i = 0; i < ItemCount; i++)
        {
            counts[i + 1] += counts[i];
        }

        var next = (int[])counts.Clone();
        var cols = new int[NonZeros];
        var vals = new float[NonZeros];
        for (var u = 0; u < Users; u++)
        {
            for (var p = RowStart[u]; p < RowStart[u + 1]; p++)
            {
                var at = next[Columns[p]]++;
                cols[at] = u; // rows are visited in order, so each item's users come out sorted
                vals[at] = Values[p];
            }
        }

        return new InteractionMatrix(ItemCount, Users, counts, cols, vals);
    }

    /// <summary>The same pattern with every weight replaced by 1 (for models that read feedback as seen / not seen).</summary>
    public InteractionMatrix Binary() => new(Users, ItemCount, RowStart, Columns, Enumerable.Repeat(1f, NonZeros).ToArray());
}
