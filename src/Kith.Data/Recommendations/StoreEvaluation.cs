using Kith.Core.Recommendations;
using Kith.Core.Recommendations.Evaluation;
using Kith.Data.Store;
using Kith.Data.Value;

namespace Kith.Data.Recommendations;

/// <summary>How to evaluate the models on the store's own data.</summary>
public sealed record StoreEvaluationOptions
{
    public int K { get; init; } = 10;

    /// <summary>Feedback before this instant trains, purchases from it on are held out; null: hold out the latest <see cref="HeldOutShare"/> of paid lines.</summary>
    public DateTimeOffset? SplitAt { get; init; }

    public double HeldOutShare { get; init; } = 0.2;

    public RecommenderSettings Settings { get; init; } = new();

    public StoreFeedbackWeights Weights { get; init; } = new();
}

/// <summary>
/// The models side by side on the store's data. <see cref="Problem"/> is <c>not_enough_data</c> (with no models) when
/// no customer bought, after the split, a product the training part knows.
/// </summary>
public sealed record StoreEvaluationResult(DateTimeOffset SplitAt, int TrainEvents, int HeldOutPurchases, int EvaluatedCustomers,
    IReadOnlyList<ModelMetrics> Models, string? Problem);

/// <summary>
/// Offline evaluation on the store, time split: the models are trained on the feedback the served models would have
/// had at the split (purchases, cart adds, favourites and views, weighted and decayed as of that instant) and asked
/// for each customer's top K; what the customer bought after the split is the truth. Views after the split are not
/// truth: a recommendation is judged by purchases.
/// </summary>
public static class StoreEvaluation
{
    public const string NotEnoughData = "not_enough_data";

    public static async Task<StoreEvaluationResult> RunAsync(KithStore store, StoreEvaluationOptions options, IProgress<string>? step, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.K, 1);
        step?.Report("reading feedback");
        var splitAt = options.SplitAt ?? await SplitOfLatestAsync(store, options.HeldOutShare, ct);
        if (splitAt is null)
        {
            return new StoreEvaluationResult(DateTimeOffset.MinValue, 0, 0, 0, [], NotEnoughData);
        }

        // Weights decay as of the split: that is what a training at that instant would have seen.
        var feedback = await StoreFeedbackLoader.LoadAsync(store, options.Weights, splitAt.Value, ct);
        var train = feedback.Events.Where(e => e.Time < splitAt.Value).ToList();
        var heldOut = feedback.Events.Where(e => e.IsPurchase && e.Time >= splitAt.Value).ToList();
        var data = HoldoutSplit.Of(train, heldOut);
        if (data.EvaluatedUsers == 0)
        {
            return new StoreEvaluationResult(splitAt.Value, train.Count, heldOut.Count, 0, [], NotEnoughData);
        }

        var catalogue = feedback.Catalogue.ToDictionary(c => c.Sku, StringComparer.Ordinal);
        IReadOnlyList<ItemAttributes?> attributes = [.. Enumerable.Range(0, data.Items.Count).Select(i =>
            catalogue.TryGetValue(data.Items.KeyOf(i), out var c) ? new ItemAttributes(c.CategoryPath, c.Brand, c.Price, c.Name) : null)];
        var models = await Task.Run(() => ModelComparison.Run(data, options.K, options.Settings, attributes, step, ct: ct), ct);
        return new StoreEvaluationResult(splitAt.Value, train.Count, heldOut.Count, data.EvaluatedUsers, models, null);
    }

    /// <summary>The paid time from which the latest <paramref name="share"/> of paid lines lie; null without paid lines.</summary>
    private static async Task<DateTimeOffset?> SplitOfLatestAsync(KithStore store, double share, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(share);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(share, 1);
        await using var connection = await store.OpenConnectionAsync(ct);
        const string from = $"FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE {OrderFactsLoader.PaidOrders}";
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) {from}";
        count.CommandTimeout = 600;
        var lines = Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        if (lines == 0)
        {
            return null;
        }

        await using var at = connection.CreateCommand();
        at.CommandText = $"SELECT o.paid_at {from} ORDER BY o.paid_at LIMIT 1 OFFSET {(long)Math.Floor(lines * (1 - share))}";
        at.CommandTimeout = 600;
        await using var reader = await at.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? OrderFactsLoader.ReadUtc(reader, 0, store.Provider == StoreProvider.Sqlite) : null;
    }
}
