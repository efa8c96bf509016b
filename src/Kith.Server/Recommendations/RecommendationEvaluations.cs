using Kith.Data.Recommendations;
using Kith.Data.Store;
using Kith.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Kith.Server.Recommendations;

/// <summary>
/// The console's offline evaluation on the store (<see cref="StoreEvaluation"/>), run in the background so that a
/// long run survives the page being left or reloaded: one run at a time, the latest kept in memory with its steps.
/// Pages subscribe to <see cref="Changed"/> to show the progress as it happens.
/// </summary>
public sealed partial class RecommendationEvaluations(KithStore store, KithServerSettings settings, ILogger<RecommendationEvaluations> log) : IDisposable
{
    /// <summary>One run. <see cref="Steps"/>: what the evaluation reported so far ("reading feedback", "fitting als", …), oldest first.</summary>
    public sealed record Run(string StartedBy, DateTimeOffset StartedAt, int K, IReadOnlyList<string> Steps, DateTimeOffset? FinishedAt,
        StoreEvaluationResult? Result, bool Failed)
    {
        public bool Running => FinishedAt is null;
    }

    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private Run? _latest;

    /// <summary>Raised (on a worker thread) whenever the latest run changes.</summary>
    public event Action? Changed;

    public Run? Latest => Volatile.Read(ref _latest);

    /// <summary>Starts a run unless one is running; false when one is.</summary>
    public bool TryStart(string actor)
    {
        var options = new StoreEvaluationOptions { Settings = settings.Recommendations.Models, Weights = settings.Recommendations.Weights };
        lock (_lock)
        {
            if (_latest is { Running: true })
            {
                return false;
            }

            _latest = new Run(actor, settings.Time.GetUtcNow(), options.K, [], null, null, false);
        }

        Changed?.Invoke();
        _ = Task.Run(() => RunAsync(options, _stopping.Token));
        return true;
    }

    private async Task RunAsync(StoreEvaluationOptions options, CancellationToken ct)
    {
        StoreEvaluationResult? result = null;
        var failed = false;
        try
        {
            result = await StoreEvaluation.RunAsync(store, options, new Steps(this), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return; // shutting down
        }
        catch (Exception e)
        {
            failed = true;
            EvaluationFailed(log, e);
        }

        Update(run => run with { FinishedAt = settings.Time.GetUtcNow(), Result = result, Failed = failed });
    }

    private void Update(Func<Run, Run> change)
    {
        lock (_lock)
        {
            if (_latest is null)
            {
                return;
            }

            _latest = change(_latest);
        }

        Changed?.Invoke();
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>Records each step at once (Progress&lt;T&gt; would post it later, maybe after the result).</summary>
    private sealed class Steps(RecommendationEvaluations owner) : IProgress<string>
    {
        public void Report(string value) => owner.Update(run => run with { Steps = [.. run.Steps, value] });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The console's recommendation evaluation failed")]
    private static partial void EvaluationFailed(ILogger logger, Exception e);
}
