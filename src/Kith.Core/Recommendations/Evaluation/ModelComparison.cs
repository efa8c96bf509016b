namespace Kith.Core.Recommendations.Evaluation;

/// <summary>Fits every collaborative model on the training part and evaluates each on the held-out part, side by side.</summary>
public static class ModelComparison
{
    /// <summary>The built-in models, in report order.</summary>
    public static IReadOnlyList<string> Models { get; } = ["popularity", "item-knn", "als", "content"];

    /// <summary>
    /// popularity, item-knn and als, and content when <paramref name="attributes"/> (indexed by training item id) are known. <paramref name="step"/> hears the name of each step as it starts; <paramref name="only"/> names the
    /// built-in models to run (all when null).
    /// </summary>
    public static IReadOnlyList<ModelMetrics> Run(HoldoutData data, int k, RecommenderSettings settings,
        IReadOnlyList<ItemAttributes?>? attributes = null, IProgress<string>? step = null, IReadOnlySet<string>? only = null, CancellationToken ct = default)
    {
        var fits = new List<(string Name, Func<IRecommender> Fit)>
        {
            ("popularity", () => PopularityModel.Fit(data.Train)),
            ("item-knn", () => ItemKnnModel.Fit(data.Train, settings.ItemKnn, ct)),
            ("als", () => AlsModel.Fit(data.Train, settings.Als, ct: ct)),
        };
        if (attributes is not null)
        {
            fits.Add(("content", () => ContentModel.Fit(data.Train, [.. attributes.Select(a => a?.Features() ?? [])], settings.Content, ct)));
        }

        fits.RemoveAll(f => only is not null && !only.Contains(f.Name));

        var results = new List<ModelMetrics>();
        foreach (var (name, fit) in fits)
        {
            step?.Report($"fitting {name}");
            var model = fit();
            step?.Report($"evaluating {model.Name}");
            results.Add(OfflineEvaluation.Evaluate(model, data, k, ct));
        }

        return results;
    }
}
