namespace Kith.Data.Ingestion;

/// <summary>One item to ingest: <see cref="Index"/> is its 0-based position in a batch, or its 1-based line in a file.</summary>
public readonly record struct IngestItem<T>(long Index, T Input);
