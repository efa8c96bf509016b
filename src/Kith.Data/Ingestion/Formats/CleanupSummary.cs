namespace Kith.Data.Ingestion.Formats;

/// <summary>
/// What a source's clean-up set aside, per reason (e.g. Online Retail rows without a customer id): the rows
/// and the distinct invoices/orders they belong to. Nothing is dropped without being counted here.
/// </summary>
public sealed class CleanupSummary
{
    private readonly Dictionary<string, (long Rows, HashSet<string> Orders)> _reasons = new(StringComparer.Ordinal);

    public long RowsRead { get; internal set; }
    public long DistinctOrders { get; internal set; }
    public long DistinctCustomers { get; internal set; }

    public IReadOnlyList<CleanupLine> Lines =>
        _reasons.Select(r => new CleanupLine(r.Key, r.Value.Rows, r.Value.Orders.Count)).OrderByDescending(l => l.Rows).ToList();

    internal void SetAside(string reason, string orderKey)
    {
        if (!_reasons.TryGetValue(reason, out var entry))
        {
            entry = (0, new HashSet<string>(StringComparer.Ordinal));
        }

        entry.Orders.Add(orderKey);
        _reasons[reason] = (entry.Rows + 1, entry.Orders);
    }

    public sealed record CleanupLine(string Reason, long Rows, long Orders);
}
