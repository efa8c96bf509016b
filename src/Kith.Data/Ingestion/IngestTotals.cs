namespace Kith.Data.Ingestion;

/// <summary>Running totals of a session, per kind of record.</summary>
public sealed class IngestTotals
{
    public int Inserted { get; private set; }
    public int Updated { get; private set; }
    public int Unchanged { get; private set; }
    public int Invalid { get; private set; }

    internal void Add(BatchResult result)
    {
        Inserted += result.Inserted;
        Updated += result.Updated;
        Unchanged += result.Unchanged;
        Invalid += result.Errors.Select(e => e.Index).Distinct().Count();
    }
}
