namespace Kith.Core.Churn;

/// <summary>
/// A trained churn classifier and how it did on the later (test) cut-off: AUC of its churn probability and of the
/// baseline score 1 − P(alive), both from ML.NET's binary-classification evaluator. The test scores and labels are
/// kept so that the AUC can be checked independently. <see cref="Model"/> is ML.NET's zip of the trained pipeline.
/// </summary>
public sealed record ChurnTraining(
    double Auc,
    double BaselineAuc,
    int TrainCustomers,
    int TestCustomers,
    double TrainChurnRate,
    double TestChurnRate,
    float[] TestScores,
    float[] TestBaselineScores,
    bool[] TestLabels,
    byte[] Model);
