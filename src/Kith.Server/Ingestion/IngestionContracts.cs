namespace Kith.Server.Ingestion;

/// <summary>A batch of up to <see cref="IngestionApi.MaxBatch"/> records, written all or nothing.</summary>
public sealed class BatchRequest<T>
{
    public List<T>? Items { get; set; }
}

/// <summary>What a write did: new records, records changed, and records that were already as sent.</summary>
public sealed record IngestResult(int Inserted, int Updated, int Unchanged);
