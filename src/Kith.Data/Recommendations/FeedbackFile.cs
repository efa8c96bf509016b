using Kith.Core.Recommendations;

namespace Kith.Data.Recommendations;

/// <summary>Feedback read from a file, or the first problem that stopped the read (naming the file and line).</summary>
public sealed record FeedbackFile(IReadOnlyList<FeedbackEvent> Feedback, string? Error, int RowsRead = 0, int RowsSetAside = 0)
{
    /// <summary>Item attributes found in the file (Online Retail: the description), keyed like <see cref="FeedbackEvent.Item"/>.</summary>
    public IReadOnlyDictionary<string, ItemAttributes>? Items { get; init; }

    public static FeedbackFile Failed(string path, long line, string message) =>
        new([], $"{Path.GetFileName(path)} line {line}: {message}");
}
