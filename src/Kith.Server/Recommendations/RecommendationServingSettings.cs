using Kith.Core.Recommendations;

namespace Kith.Server.Recommendations;

/// <summary>How the server trains and serves recommendations (docs/recommendations.md, "Serving").</summary>
public sealed class RecommendationServingSettings
{
    /// <summary>How often the models are retrained from the store (also at start and on <c>POST /api/v1/recommendations/refresh</c>); <see cref="Timeout.InfiniteTimeSpan"/>: only then.</summary>
    public TimeSpan RefreshEvery { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Views older than this are no longer the customer's "session".</summary>
    public TimeSpan SessionWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many latest views shift a customer's recommendations.</summary>
    public int SessionViews { get; init; } = 10;

    public StoreFeedbackWeights Weights { get; init; } = new();

    /// <summary>The models' own settings; the defaults are those of the <c>recs</c> evaluation.</summary>
    public RecommenderSettings Models { get; init; } = new();

    /// <summary>Which personal model leads a known customer's list: <c>item-knn</c> (explainable) or <c>als</c>; the other fills up.</summary>
    public string PrimaryCustomerModel { get; init; } = "item-knn";
}
