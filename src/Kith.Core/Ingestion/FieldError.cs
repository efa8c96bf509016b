namespace Kith.Core.Ingestion;

/// <summary>Why a value sent to Kith was refused. <see cref="Field"/> is the name the sender used (camelCase JSON name or CSV column).</summary>
public sealed record FieldError(string Field, string Message);
