using Counterforge.Core.Analysis;
using Counterforge.Core.Classification;
using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Metrics;
using Counterforge.Core.Progress;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// The whole method on one dataset and one model: captions → edits → counterfactuals → filter → predictions →
/// weaknesses (stage 1) → reinforcement with K added images and its baselines (stage 2). Every stage's output is kept in
/// the run folder and reused on a re-run, so a killed run resumes where it stopped.
/// </summary>
public sealed class CounterfactualLoop(RunFolder run, Dataset data, LoopComponents components, LoopConfig config, StageProgress progress)
{
    private readonly Dictionary<string, Sample> _samples = data.Samples.ToDictionary(s => s.Id);

    public LoopResult Run()
    {
        var valSources = StressSources(Splits.Val);
        var testSources = StressSources(Splits.Test);
        var train = data.InSplit(Splits.Train).ToList();
        var edits = EditStage.LoadOrPerturb(run, data, valSources.Concat(testSources).Concat(train), components.Perturber);
        var editsBySplit = edits.GroupBy(e => _samples[e.SourceId].Split).ToDictionary(g => g.Key, g => (IReadOnlyList<Edit>)g.ToList());
        var generation = new GenerationStage(run, data, components.Editor, components.Filter, progress);
        var valCfs = generation.Generate(editsBySplit.GetValueOrDefault(Splits.Val, []), "Counterfactuals (val)");
        var testCfs = generation.Generate(editsBySplit.GetValueOrDefault(Splits.Test, []), "Counterfactuals (test)");

        using var baseline = components.CreateClassifier();
        var features = new FeatureStore(baseline, progress, config.ModelTag);
        BaselineStage.LoadOrTrain(run, data, baseline, features, config, progress);

        var validation = StressStage(Splits.Val, valSources, valCfs, features, baseline);
        var test = StressStage(Splits.Test, testSources, testCfs, features, baseline);
        var targetKinds = validation.WeakKinds.Count > 0 ? validation.WeakKinds : validation.Kinds.Select(k => k.Kind).ToList();
        if (validation.WeakKinds.Count == 0)
            progress.Info("No edit kind was flagged on validation: targeted selection and acc_cf use all kinds.");

        var judge = BuildJudgeSet(testSources, testCfs);
        var before = judge.Judge(images => features.Probabilities(images, baseline.Head), targetKinds);
        var reinforcement = new ReinforcementStage(run, data, config, generation, progress);
        var rows = reinforcement.Run(baseline, features, before, judge, targetKinds, validation.WeakKinds,
            editsBySplit.GetValueOrDefault(Splits.Train, []), ValidationSet(valSources, valCfs, targetKinds));
        return new LoopResult(config.ModelTag, validation, test, before, targetKinds, rows);
    }

    private List<Sample> StressSources(string split)
    {
        var all = data.InSplit(split).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        BudgetSelection.Shuffle(all, new Random(StableHash.Seed(config.Seed, "stress-sources", split)));
        return all.Take(config.StressSources).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    private ImageRef Original(Sample s) => ImageRef.Of(data, s);

    private ImageRef Generated(Counterfactual c) => new(c.EditId, run.Resolve(c.ImagePath));

    private StressTestResult StressStage(string split, IReadOnlyList<Sample> sources, IReadOnlyList<Counterfactual> cfs, FeatureStore features, IFeatureClassifier model)
    {
        var path = run.Stress(config.ModelTag, split);
        if (File.Exists(path)) return Json.ReadFile<StressTestResult>(path);

        var accepted = cfs.Where(c => c.Accepted).ToList();
        var sourceProbs = features.Probabilities(sources.Select(Original).ToList(), model.Head);
        var cfProbs = features.Probabilities(accepted.Select(Generated).ToList(), model.Head);
        var bySource = sources.Select((s, i) => (s.Id, Probs: sourceProbs[i])).ToDictionary(x => x.Id, x => x.Probs);
        var pairs = accepted.Select((c, i) => new PairOutcome(c.EditId, c.SourceId, c.Kind, c.From, c.To,
            data.LabelIndex(_samples[c.SourceId]), bySource[c.SourceId], cfProbs[i])).ToList();
        var originals = sources.Select((s, i) => (data.LabelIndex(s), sourceProbs[i])).ToList();

        JsonlFile.WriteAll(run.Predictions($"{config.ModelTag}-{split}"),
            sources.Select((s, i) => new PredictionRecord(s.Id, data.LabelIndex(s), sourceProbs[i]))
                .Concat(accepted.Select((c, i) => new PredictionRecord(c.EditId, data.LabelIndex(_samples[c.SourceId]), cfProbs[i]))));
        var result = StressTest.Analyze(split, originals, pairs, data.Classes, config.MinimumEffect);
        Json.WriteFile(path, result);
        return result;
    }

    private string GroupOf(Sample s) =>
        config.GroupAttribute is { } attribute && s.Attributes?.GetValueOrDefault(attribute) is { } value ? $"{s.Label}/{value}" : s.Label;

    private JudgeSet BuildJudgeSet(IReadOnlyList<Sample> testSources, IReadOnlyList<Counterfactual> testCfs)
    {
        var originals = testSources.Select(s => new LabeledRef(Original(s), data.LabelIndex(s), GroupOf(s))).ToList();
        var cfs = testCfs.Where(c => c.Accepted && c.Kind != Edit.NullKind)
            .Select(c => new CounterfactualRef(Generated(c), data.LabelIndex(_samples[c.SourceId]), c.Kind)).ToList();
        var balanced = data.InSplit(Splits.TestBalanced).Select(s => new LabeledRef(Original(s), data.LabelIndex(s), GroupOf(s))).ToList();
        var trainGroups = data.InSplit(Splits.Train).GroupBy(GroupOf).ToDictionary(g => g.Key, g => g.Count());
        return new JudgeSet(originals, cfs, balanced, trainGroups);
    }

    private ValidationSet ValidationSet(IReadOnlyList<Sample> sources, IReadOnlyList<Counterfactual> cfs, IReadOnlyList<string> kinds) => new(
        sources.Select(s => new LabeledRef(Original(s), data.LabelIndex(s), GroupOf(s))).ToList(),
        cfs.Where(c => c.Accepted && kinds.Contains(c.Kind))
            .Select(c => new CounterfactualRef(Generated(c), data.LabelIndex(_samples[c.SourceId]), c.Kind)).ToList(),
        data.InSplit(Splits.Val).Select(s => new LabeledRef(Original(s), data.LabelIndex(s), GroupOf(s))).ToList());
}

/// <summary>Validation images: stressed originals and their counterfactuals (for α), and the whole split (DFR's held-out pool).</summary>
public sealed record ValidationSet(IReadOnlyList<LabeledRef> Originals, IReadOnlyList<CounterfactualRef> Counterfactuals, IReadOnlyList<LabeledRef> Pool)
{
    /// <summary>Accuracy of a model (images → probabilities) on the validation originals and on their counterfactuals.</summary>
    /// <remarks>With no counterfactuals (nothing of the target kinds was accepted) their accuracy counts as 0 for every candidate.</remarks>
    public (double Orig, double Cf) Score(Func<IReadOnlyList<ImageRef>, float[][]> probabilities)
    {
        double orig = JudgeSet.Accuracy(probabilities, Originals.Select(o => o.Image).ToList(), Originals.Select(o => o.Label).ToList());
        double cf = JudgeSet.Accuracy(probabilities, Counterfactuals.Select(c => c.Image).ToList(), Counterfactuals.Select(c => c.Label).ToList());
        return (double.IsNaN(orig) ? 0 : orig, double.IsNaN(cf) ? 0 : cf);
    }
}

public sealed record PredictionRecord(string ImageId, int Label, float[] Probs);
