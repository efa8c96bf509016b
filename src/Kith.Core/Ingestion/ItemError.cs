namespace Kith.Core.Ingestion;

/// <summary>A refused item in a batch or file: <see cref="Index"/> is the 0-based item index in a batch, or the 1-based line in a file.</summary>
public sealed record ItemError(long Index, string Field, string Message);
