using Kith.Core.Recommendations;
using Kith.Data.Recommendations;

namespace Kith.Server.Recommendations;

/// <summary>
/// One trained state, never changed after it is built, so requests read it without locks while the next one trains.
/// Item ids are catalogue positions: every product has one, with or without feedback.
/// </summary>
public sealed class RecommendationSnapshot
{
    private readonly int[][] _bought;

    private RecommendationSnapshot(IdMap users, IdMap items, CatalogueItem[] catalogue, int[][] bought, InteractionMatrix matrix,
        PopularityModel popularity, ItemKnnModel? itemKnn, AlsModel? als, int paidLines, DateTimeOffset trainedAt, TimeSpan took)
    {
        Users = users;
        Items = items;
        Catalogue = catalogue;
        _bought = bought;
        Matrix = matrix;
        Filter = new CandidateFilter(OutOfStock: [.. catalogue.Select(c => !c.InStock)]);
        Popularity = popularity;
        ItemKnn = itemKnn;
        Als = als;
        PaidLines = paidLines;
        TrainedAt = trainedAt;
        TrainingTime = took;
    }

    /// <summary>Customer external ids that have feedback.</summary>
    public IdMap Users { get; }

    /// <summary>SKUs of the catalogue.</summary>
    public IdMap Items { get; }

    public CatalogueItem[] Catalogue { get; }

    public InteractionMatrix Matrix { get; }

    /// <summary>What may be shown: in stock; for a customer, not bought before (no product is marked consumable yet).</summary>
    public CandidateFilter Filter { get; }

    /// <summary>Weighted (type and recency) popularity: "trending" rather than all-time counts.</summary>
    public PopularityModel Popularity { get; }

    /// <summary>Null when there is no feedback at all.</summary>
    public ItemKnnModel? ItemKnn { get; }

    public AlsModel? Als { get; }

    /// <summary>Paid order lines at training (0: the store has no orders).</summary>
    public int PaidLines { get; }

    public DateTimeOffset TrainedAt { get; }

    public TimeSpan TrainingTime { get; }

    /// <summary>The store's <see cref="StoreFeedbackLoader.FingerprintAsync"/> read before training (null when not known).</summary>
    public string? Fingerprint { get; private init; }

    /// <summary>Item ids the customer bought (sorted), empty when unknown.</summary>
    public ReadOnlySpan<int> BoughtBy(int user) => user >= 0 && user < _bought.Length ? _bought[user] : [];

    public static RecommendationSnapshot Train(StoreFeedback feedback, RecommenderSettings settings, DateTimeOffset now, CancellationToken ct, string? fingerprint = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var items = new IdMap();
        foreach (var product in feedback.Catalogue)
        {
            items.Add(product.Sku);
        }

        var users = new IdMap();
        var interactions = new List<Interaction>(feedback.Events.Count);
        foreach (var e in feedback.Events)
        {
            if (e.Weight > 0 && items.TryGet(e.Item, out var item))
            {
                interactions.Add(new Interaction(users.Add(e.User), item, e.Weight));
            }
        }

        var matrix = InteractionMatrix.Build(users.Count, items.Count, interactions);
        var bought = new int[users.Count][];
        for (var u = 0; u < users.Count; u++)
        {
            bought[u] = feedback.Purchased.TryGetValue(users.KeyOf(u), out var skus)
                ? [.. skus.Select(s => items.TryGet(s, out var i) ? i : -1).Where(i => i >= 0).Order()]
                : [];
        }

        var popularity = PopularityModel.Fit(matrix, weighted: true);
        var hasFeedback = matrix.NonZeros > 0;
        var itemKnn = hasFeedback ? ItemKnnModel.Fit(matrix, settings.ItemKnn, ct) : null;
        var als = hasFeedback ? AlsModel.Fit(matrix, settings.Als, ct: ct) : null;
        return new RecommendationSnapshot(users, items, [.. feedback.Catalogue], bought, matrix, popularity, itemKnn, als, feedback.PaidLines, now,
            System.Diagnostics.Stopwatch.GetElapsedTime(started))
        {
            Fingerprint = fingerprint,
        };
    }
}
