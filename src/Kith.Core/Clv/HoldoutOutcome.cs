using Kith.Core.Ingestion;

namespace Kith.Core.Clv;

/// <summary>
/// What a calibration/holdout run produced, or why it could not run: exactly one is set. <see cref="Error"/> names the
/// request field to change (<c>model</c>, <c>calibrationEnd</c>, <c>holdoutEnd</c> or <c>timeUnit</c>) and carries the
/// models' own message.
/// </summary>
public sealed record HoldoutOutcome(HoldoutEvaluation? Evaluation, FieldError? Error);
