using Kith.Server.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kith.Server.Recommendations;

/// <summary>
/// Trains the recommendation models at start and then every <see cref="RecommendationServingSettings.RefreshEvery"/>,
/// unless the store's feedback has not changed since the served training.
/// A failed training is logged and the previous snapshot keeps serving.
/// </summary>
public sealed partial class RecommendationRefreshService(RecommendationIndex index, KithServerSettings settings, ILogger<RecommendationRefreshService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var before = index.Current;
                    var snapshot = await index.RefreshAsync(stoppingToken, onlyIfChanged: true);
                    if (ReferenceEquals(before, snapshot))
                    {
                        Unchanged(log, snapshot.TrainedAt);
                    }
                    else
                    {
                        Trained(log, snapshot.Users.Count, snapshot.Items.Count, snapshot.Matrix.NonZeros, snapshot.TrainingTime.TotalSeconds);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    TrainingFailed(log, e);
                }

                await Task.Delay(settings.Recommendations.RefreshEvery, settings.Time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recommendations trained on {Customers} customers × {Products} products ({Interactions} pairs) in {Seconds:0.0} s")]
    private static partial void Trained(ILogger logger, int customers, int products, int interactions, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recommendations not retrained: the store's feedback has not changed since {TrainedAt:u}")]
    private static partial void Unchanged(ILogger logger, DateTimeOffset trainedAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Training recommendations failed; the previous models keep serving")]
    private static partial void TrainingFailed(ILogger logger, Exception e);
}
