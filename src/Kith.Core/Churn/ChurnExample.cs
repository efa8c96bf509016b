namespace Kith.Core.Churn;

/// <summary>
/// One customer as of a cut-off day: the features of the churn model (docs/clv.md, "Churn warning") and the label.
/// Days are counted in the store's time zone; <see cref="Label"/> is true when the customer made no paid order within
/// the horizon after the cut-off (churned). A plain settable class because ML.NET reads it by reflection.
/// </summary>
public sealed class ChurnExample
{
    /// <summary>Days from the last paid order to the cut-off.</summary>
    public float RecencyDays { get; set; }

    /// <summary>Purchase days (orders of one day merged) up to the cut-off.</summary>
    public float Frequency { get; set; }

    /// <summary>Mean value of a purchase day, in the store's currency.</summary>
    public float Monetary { get; set; }

    /// <summary>Purchase days in the 90 days up to and including the cut-off.</summary>
    public float Purchases90Days { get; set; }

    /// <summary>Days from the first paid order to the cut-off.</summary>
    public float TenureDays { get; set; }

    /// <summary>P(alive) at the cut-off from BG/NBD fitted on every order up to the cut-off (weeks).</summary>
    public float ProbabilityAlive { get; set; }

    /// <summary>
    /// P(alive) at the cut-off from Pareto/NBD fitted on every order up to the cut-off (weeks), for the second baseline;
    /// NaN when not computed. Not a feature: it did not improve the classifier's AUC (docs/clv.md, "Churn warning").
    /// </summary>
    public float ProbabilityAliveParetoNbd { get; set; }

    /// <summary>Events on the customer's timeline in the 30 days up to and including the cut-off (0 without events).</summary>
    public float Events30Days { get; set; }

    public bool Label { get; set; }
}
