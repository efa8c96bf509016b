namespace Kith.Data.Ingestion.Formats;

/// <summary>A refused row: where it is (file, 1-based line, column or field name) and why.</summary>
public sealed record ImportError(string File, long Line, string Column, string Reason)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Reason}";
}
