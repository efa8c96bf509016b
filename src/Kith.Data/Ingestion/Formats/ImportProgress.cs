namespace Kith.Data.Ingestion.Formats;

/// <summary>How far an import is: bytes of the file read (of <see cref="TotalBytes"/>) and records seen.</summary>
public readonly record struct ImportProgress(long BytesRead, long TotalBytes, long Records);
