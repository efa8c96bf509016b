using Kith.Core.Ingestion;

namespace Kith.Data.Ingestion.Formats;

/// <summary>
/// One record read from a file, before it reaches the store: the input of the file's kind, the customers
/// and products it brings along (sources such as CDNOW or Online Retail know them only from the orders),
/// and any parse errors (column, reason).
/// </summary>
internal sealed class ImportRecord
{
    public long Line { get; init; }
    public object? Input { get; set; }

    /// <summary>For orders: the file line of each order line, so that errors on lines[i] point at the right row.</summary>
    public long[]? LineRows { get; set; }

    public CustomerInput? Customer { get; set; }
    public List<ProductInput>? Products { get; set; }
    public List<(long Line, string Column, string Reason)>? Errors { get; set; }

    public void Error(string column, string reason) => (Errors ??= []).Add((Line, column, reason));

    public void Error(long line, string column, string reason) => (Errors ??= []).Add((line, column, reason));
}
