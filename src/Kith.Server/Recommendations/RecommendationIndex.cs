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
    private readonly Lock _swap = new();
    private Served? _served;
    private IReadOnlyList<CrossSellRule> _rules = [];

    private RecommendationServingSettings Serving => settings.Recommendations;

    /// <summary>The snapshot being served; null until the first training ends.</summary>
    public RecommendationSnapshot? Current => Volatile.Read(ref _served)?.Snapshot;

    /// <summary>
    /// Retrains from the store and swaps the result in; trainings never overlap (a second call waits, then trains on
    /// fresher data). With <paramref name="onlyIfChanged"/>, a store whose feedback did not change since the served
    /// snapshot is not trained again: the served snapshot is returned.
    /// </summary>
    public async Task<RecommendationSnapshot> RefreshAsync(CancellationToken ct, bool onlyIfChanged = false)
    {
        await _training.WaitAsync(ct);
        try
        {
            await ReloadRulesAsync(ct);
            var fingerprint = await StoreFeedbackLoader.FingerprintAsync(store, ct);
            if (onlyIfChanged && Current is { } served && served.Fingerprint == fingerprint)
            {
                return served;
            }

            var now = settings.Time.GetUtcNow();
            var feedback = await StoreFeedbackLoader.LoadAsync(store, Serving.Weights, now, ct);
            var snapshot = await Task.Run(() => RecommendationSnapshot.Train(feedback, Serving.Models, now, ct, fingerprint), ct);
            Swap(snapshot, null);
            return snapshot;
        }
        finally
        {
            _training.Release();
        }
    }

    /// <summary>Reads the cross-sell rules again (after an operator changed them).</summary>
    public async Task ReloadRulesAsync(CancellationToken ct) => Swap(null, await rulesStore.ListAsync(ct));

    public async Task<RecommendationList> ForCustomerAsync(string customer, int k, string? context, CancellationToken ct)
    {
        var served = Volatile.Read(ref _served);
        if (Unavailable(served) is { } empty)
        {
            return empty;
        }

        var views = await RecentProductViews.LoadAsync(store, customer, settings.Time.GetUtcNow() - Serving.SessionWindow, Serving.SessionViews, ct);
        return RecommendationComposer.ForCustomer(served!.Snapshot, served.Rules, customer, k, context, views, Serving.PrimaryCustomerModel);
    }

    public RecommendationList ForProduct(string sku, int k)
    {
        var served = Volatile.Read(ref _served);
        return Unavailable(served) ?? RecommendationComposer.ForProduct(served!.Snapshot, served.Rules, sku, k);
    }

    public void Dispose() => _training.Dispose();

    private void Swap(RecommendationSnapshot? snapshot, IReadOnlyList<CrossSellRule>? rules)
    {
        lock (_swap)
        {
            snapshot ??= _served?.Snapshot;
            rules ??= _rules;
            Volatile.Write(ref _rules, rules);
            if (snapshot is not null)
            {
                // Item ids are positions in one snapshot's catalogue, so the snapshot and its rules are swapped as one.
                Volatile.Write(ref _served, new Served(snapshot,
                    [.. rules.Select(r => r.ToItemRule(sku => snapshot.Items.TryGet(sku, out var i) ? i : null)).OfType<ItemCrossSellRule>()]));
            }
        }
    }

    private static RecommendationList? Unavailable(Served? served) => served?.Snapshot switch
    {
        null => new RecommendationList([], "none", true, "not_trained"),
        { PaidLines: 0 } => new RecommendationList([], "none", true, "no_orders"),
        _ => null,
    };

    private sealed record Served(RecommendationSnapshot Snapshot, IReadOnlyList<ItemCrossSellRule> Rules);
}
