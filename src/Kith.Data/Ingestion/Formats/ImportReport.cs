namespace Kith.Data.Ingestion.Formats;

/// <summary>What an import did. <see cref="Committed"/> is false when it was aborted and the store left as before.</summary>
public sealed class ImportReport
{
    public required string File { get; init; }
    public required ImportKind Kind { get; init; }
    public required ImportFormat Format { get; init; }
    public long Records { get; internal set; }
    public long RejectedRecords { get; internal set; }
    public long ErrorCount { get; internal set; }
    public bool Committed { get; internal set; }

    /// <summary>The first errors (all of them go to the error callback).</summary>
    public List<ImportError> Errors { get; } = [];

    /// <summary>A problem with the file as a whole (no header, unknown columns): nothing was read.</summary>
    public string? FileError { get; internal set; }

    public IngestTotals Customers { get; internal set; } = new();
    public IngestTotals Products { get; internal set; } = new();
    public IngestTotals Orders { get; internal set; } = new();
    public IngestTotals Events { get; internal set; } = new();

    /// <summary>For sources with a clean-up step (Online Retail), what was set aside and why.</summary>
    public CleanupSummary? Cleanup { get; internal set; }

    public TimeSpan Elapsed { get; internal set; }
}
