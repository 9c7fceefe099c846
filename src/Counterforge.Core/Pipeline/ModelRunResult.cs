using Counterforge.Core.Analysis;
using Counterforge.Core.Reinforcement;

namespace Counterforge.Core.Pipeline;

/// <summary>What one model's run found: the stress tests on validation and test, the baseline's judgement, the kinds targeted, the reinforcement rows.</summary>
/// <param name="FeatureCeiling">What a fresh last layer on every validation image reaches; null when reinforcement has not measured it.</param>
public sealed record ModelRunResult(
    string ModelTag,
    StressTestResult Validation,
    StressTestResult Test,
    Judgement Before,
    IReadOnlyList<string> TargetKinds,
    IReadOnlyList<ReinforcementRow> Reinforcement,
    FeatureCeiling? FeatureCeiling = null);
