using Kith.Core.Recommendations;
using Kith.Data.Recommendations;
using Kith.Data.Store;
using Kith.Server.Hosting;

namespace Kith.Server.Recommendations;

/// <summary>
/// The models in memory. A training reads the store, fits popularity, item-kNN and ALS, then swaps in the new
/// <see cref="RecommendationSnapshot"/> in one write; requests keep reading the previous one meanwhile. The hot path
/// touches the database once, for the customer's latest views (<see cref="RecentProductViews"/>); cross-sell rules
/// are held in memory too and reloaded whenever they change.
/// </summary>
public sealed class RecommendationIndex(KithStore store, CrossSellRules rulesStore, KithServerSettings settings) : IDisposable
{
    private readonly SemaphoreSlim _training = new(1, 1);
    private RecommendationSnapshot? _snapshot;
    private IReadOnlyList<CrossSellRule> _rules = [];

    private RecommendationServingSettings Serving => settings.Recommendations;

    /// <summary>The snapshot being served; null until the first training ends.</summary>
    public RecommendationSnapshot? Current => Volatile.Read(ref _snapshot);

    /// <summary>Retrains from the store and swaps the result in; trainings never overlap (a second call waits, then trains on fresher data).</summary>
    public async Task<RecommendationSnapshot> RefreshAsync(CancellationToken ct)
    {
        await _training.WaitAsync(ct);
        try
        {
            await ReloadRulesAsync(ct);
            var now = settings.Time.GetUtcNow();
            var feedback = await StoreFeedbackLoader.LoadAsync(store, Serving.Weights, now, ct);
            var snapshot = await Task.Run(() => RecommendationSnapshot.Train(feedback, Serving.Models, now, ct), ct);
            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
        finally
        {
            _training.Release();
        }
    }

    /// <summary>Reads the cross-sell rules again (after an operator changed them).</summary>
    public async Task ReloadRulesAsync(CancellationToken ct) => Volatile.Write(ref _rules, await rulesStore.ListAsync(ct));

    public async Task<RecommendationList> ForCustomerAsync(string customer, int k, string? context, CancellationToken ct)
    {
        if (Unavailable() is { } empty)
        {
            return empty;
        }

        var views = await RecentProductViews.LoadAsync(store, customer, settings.Time.GetUtcNow() - Serving.SessionWindow, Serving.SessionViews, ct);
        return RecommendationComposer.ForCustomer(Current!, Volatile.Read(ref _rules), customer, k, context, views, Serving.PrimaryCustomerModel);
    }

    public RecommendationList ForProduct(string sku, int k) =>
        Unavailable() ?? RecommendationComposer.ForProduct(Current!, Volatile.Read(ref _rules), sku, k);

    public void Dispose() => _training.Dispose();

    private RecommendationList? Unavailable() => Current switch
    {
        null => new RecommendationList([], "none", true, "not_trained"),
        { PaidLines: 0 } => new RecommendationList([], "none", true, "no_orders"),
        _ => null,
    };
}
