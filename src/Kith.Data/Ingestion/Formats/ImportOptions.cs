namespace Kith.Data.Ingestion.Formats;

public sealed record ImportOptions(string Path, ImportKind Kind)
{
    /// <summary>Null: guessed from the extension.</summary>
    public ImportFormat? Format { get; init; }

    /// <summary>Write the good records and report the bad ones, instead of aborting on the first.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>Zone for timestamps without an offset; null: UTC (Europe/London for Online Retail).</summary>
    public string? TimeZone { get; init; }

    public string Currency { get; init; } = "CNY";

    public int BatchSize { get; init; } = 5000;

    /// <summary>How many errors the report keeps in memory (all go to the callback).</summary>
    public int ErrorsKept { get; init; } = 1000;

    public static ImportFormat Guess(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        var ext = System.IO.Path.GetExtension(name).ToUpperInvariant();
        return ext switch
        {
            ".JSONL" or ".NDJSON" or ".JSON" => ImportFormat.Jsonl,
            _ => ImportFormat.KithCsv,
        };
    }
}
