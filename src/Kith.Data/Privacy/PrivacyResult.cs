namespace Kith.Data.Privacy;

/// <summary>What a privacy request (export, erase, consent change) produced, or why it could not be done: exactly one is set.</summary>
public sealed record PrivacyResult<T>(T? Value, PrivacyError? Error)
    where T : class;
