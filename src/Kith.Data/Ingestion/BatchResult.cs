using Kith.Core.Ingestion;

namespace Kith.Data.Ingestion;

/// <summary>What one batch did. Items with <see cref="Errors"/> were not written.</summary>
public sealed record BatchResult(int Inserted, int Updated, int Unchanged, IReadOnlyList<ItemError> Errors)
{
    public static BatchResult Empty { get; } = new(0, 0, 0, []);
}
