using Kith.Core.Recommendations;

namespace Kith.Server.Recommendations;

/// <summary>
/// Builds an answer from a snapshot, source after source until k items are found: cross-sell rules first
/// (<see cref="Core.Recommendations.CrossSell.Apply"/>), then the models, then popularity in the category and overall.
/// Every source goes through the snapshot's <see cref="CandidateFilter"/> (out of stock; for customer lists, what the
/// customer bought — every product is treated as non-consumable) and skips those already chosen.
/// </summary>
internal static class RecommendationComposer
{
    public const string CrossSell = "cross_sell";
    public const string RecentlyViewed = "recently_viewed";
    public const string SimilarItems = "similar_items";
    public const string Personalised = "personalised";
    public const string PopularInCategory = "popular_in_category";
    public const string Popular = "popular";

    public static RecommendationList ForCustomer(RecommendationSnapshot snap, IReadOnlyList<ItemCrossSellRule> rules, string customer, int k, string? context,
        IReadOnlyList<string> recentViews, string primaryModel)
    {
        var known = snap.Users.TryGet(customer, out var user);
        var bought = known ? snap.BoughtBy(user).ToArray() : [];
        var contextItem = context is not null && snap.Items.TryGet(context, out var c) ? c : -1;

        // The page in view counts as the latest view.
        var session = new List<int>();
        if (contextItem >= 0)
        {
            session.Add(contextItem);
        }

        foreach (var sku in recentViews)
        {
            if (snap.Items.TryGet(sku, out var item) && !session.Contains(item))
            {
                session.Add(item);
            }
        }

        var shown = snap.Filter.For(bought);
        var picks = new Picks(snap, k, i => i == contextItem || shown(i));
        picks.AddCrossSell(rules, [.. session, .. bought]);
        if (session.Count > 0 && snap.ItemKnn is { } sessionKnn)
        {
            // Newer views weigh more: 1, 1/2, 1/3, …
            var weights = session.Select((_, rank) => 1f / (rank + 1)).ToArray();
            picks.Add(sessionKnn.Neighbours.Recommend(session.ToArray(), weights, picks.Wanted, picks.Excluded), RecentlyViewed, "item-knn");
        }

        if (known)
        {
            var alsFirst = string.Equals(primaryModel, "als", StringComparison.Ordinal);
            for (var pass = 0; pass < 2; pass++)
            {
                if ((pass == 0) == alsFirst)
                {
                    if (snap.Als is { } als)
                    {
                        picks.Add(als.Recommend(user, picks.Wanted, picks.Excluded), Personalised, "als");
                    }
                }
                else if (snap.ItemKnn is { } knn)
                {
                    picks.Add(knn.Recommend(user, picks.Wanted, picks.Excluded), SimilarItems, "item-knn");
                }
            }
        }

        var category = session.Count > 0 ? snap.Catalogue[session[0]].TopCategory : null;
        picks.AddPopular(category);
        return picks.Result(known ? "ok" : "unknown_customer");
    }

    public static RecommendationList ForProduct(RecommendationSnapshot snap, IReadOnlyList<ItemCrossSellRule> rules, string sku, int k)
    {
        var known = snap.Items.TryGet(sku, out var item);
        if (!known)
        {
            item = -1;
        }

        var inStock = snap.Filter.For([]);
        var picks = new Picks(snap, k, i => i == item || inStock(i));
        picks.AddCrossSell(rules, known ? [item] : []);
        var similar = 0;
        if (known && snap.ItemKnn is { } knn)
        {
            similar = picks.Add(knn.SimilarItems(item, int.MaxValue), SimilarItems, "item-knn");
        }

        picks.AddPopular(known ? snap.Catalogue[item].TopCategory : null);
        return picks.Result(!known ? "unknown_product" : similar == 0 ? "no_similar_items" : "ok");
    }

    /// <summary>The items chosen so far and the filters every source goes through.</summary>
    private sealed class Picks(RecommendationSnapshot snap, int k, Func<int, bool> excludedForCaller)
    {
        private readonly List<RecommendedItem> _items = [];
        private readonly HashSet<int> _chosen = [];
        private string? _model;

        /// <summary>How many more a source should offer (sources filter with <see cref="Excluded"/> already).</summary>
        public int Wanted => Math.Max(0, k - _items.Count);

        public bool Excluded(int item) => _chosen.Contains(item) || excludedForCaller(item);

        public int Add(IEnumerable<ScoredItem> items, string reason, string model)
        {
            var added = 0;
            foreach (var s in items)
            {
                if (Wanted == 0)
                {
                    break;
                }

                if (!Excluded(s.Item))
                {
                    Take(s.Item, s.Score, reason);
                    added++;
                }
            }

            if (added > 0)
            {
                _model ??= model;
            }

            return added;
        }

        /// <summary>The targets of every rule fired by one of the trigger items, highest priority first.</summary>
        public void AddCrossSell(IReadOnlyList<ItemCrossSellRule> rules, IReadOnlyList<int> triggers)
        {
            foreach (var pick in Core.Recommendations.CrossSell.Apply(rules, triggers, i => snap.Catalogue[i].CategoryPath, [], Wanted, Excluded))
            {
                Take(pick.Item, pick.Score, CrossSell);
            }
        }

        /// <summary>Trending products of the category (top level), then of the whole store.</summary>
        public void AddPopular(string? topCategory)
        {
            if (topCategory is not null)
            {
                Add(snap.Popularity.Top(Wanted, i => Excluded(i) || !string.Equals(snap.Catalogue[i].TopCategory, topCategory, StringComparison.Ordinal)),
                    PopularInCategory, "popularity");
            }

            Add(snap.Popularity.Top(Wanted, Excluded), Popular, "popularity");
        }

        public RecommendationList Result(string status)
        {
            var personal = _model is "item-knn" or "als";
            var model = _model ?? (_items.Count > 0 ? CrossSell : "popularity");
            return new RecommendationList(_items, model, !personal, status);
        }

        private void Take(int item, double score, string reason)
        {
            _chosen.Add(item);
            _items.Add(new RecommendedItem(snap.Catalogue[item].Sku, snap.Catalogue[item].Name, Math.Round(score, 4), reason));
        }
    }
}
