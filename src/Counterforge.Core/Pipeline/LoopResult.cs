using Counterforge.Core.Analysis;
using Counterforge.Core.Reinforcement;

namespace Counterforge.Core.Pipeline;

public sealed record LoopResult(
    string ModelTag,
    StressTestResult Validation,
    StressTestResult Test,
    Judgement Before,
    IReadOnlyList<string> TargetKinds,
    IReadOnlyList<ReinforcementRow> Reinforcement);
