namespace Kith.Core.Churn;

/// <summary>
/// A trained churn classifier and how it did on the later (test) cut-off: AUC of its churn probability and of the
/// baseline scores 1 − P(alive) from BG/NBD (<see cref="BaselineAuc"/>) and from Pareto/NBD
/// (<see cref="ParetoBaselineAuc"/>), all from ML.NET's binary-classification evaluator. The test scores and labels
/// are kept so that the AUCs can be checked independently. <see cref="Model"/> is ML.NET's zip of the trained pipeline.
/// </summary>
public sealed record ChurnTraining(
    double Auc,
    double BaselineAuc,
    double ParetoBaselineAuc,
    int TrainCustomers,
    int TestCustomers,
    double TrainChurnRate,
    double TestChurnRate,
    float[] TestScores,
    float[] TestBaselineScores,
    float[] TestParetoBaselineScores,
    bool[] TestLabels,
    byte[] Model);
