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
/// The whole method on one dataset and one model, one stage at a time: edits → counterfactuals (val, test) → baseline →
/// stress test (stage 1) → reinforcement with K added images and its baselines (stage 2) → result. Each stage reads what
/// the stages before it left in the run folder and throws <see cref="MissingStageException"/> naming the stage when that
/// is missing, so every stage can run on its own; each stage's output is kept, so a killed or cancelled run resumes where
/// it stopped. Stages that compute (training, predictions, fine-tunes) run on a worker thread and check for cancellation
/// between batches. Given a <see cref="Shard"/>, the per-item stages (perturb, generate, the stress test's predictions) do
/// only the sources that fall in it, into files of its own; every stage reads what all shards wrote as one.
/// </summary>
public sealed partial class ModelRun(RunFolder run, Dataset data, ModelRunBackends components, ModelRunSettings config, StageProgress progress,
    ReinforcementRegistries? registries = null, Shard? shard = null) : IDisposable
{
    private readonly Dictionary<string, Sample> _samples = data.Samples.ToDictionary(s => s.Id);
    private GenerationStage? _generation;
    private GenerationStage? _referenceGeneration;
    private IImageEditor? _editor;
    private IImageEditor? _referenceEditor;
    private ICounterfactualFilter? _filter;
    private ITrainableClassifier? _baseline;
    private IClassifier? _stressOnly;
    private FeatureStore? _features;

    /// <summary>Every stage in order, then the result.</summary>
    public async Task<ModelRunResult> RunAsync(CancellationToken cancel = default)
    {
        await PerturbAsync(cancel).ConfigureAwait(false);
        await GenerateAsync(cancel).ConfigureAwait(false);
        await TrainAsync(cancel).ConfigureAwait(false);
        await StressTestAsync(cancel).ConfigureAwait(false);
        await ReinforceAsync(cancel).ConfigureAwait(false);
        return Result();
    }

    /// <summary>Sources whose captions are perturbed: the stress-tested val and test sources, and every train image (reinforcement draws from them).</summary>
    public IReadOnlyList<Sample> CaptionedSources() =>
        StressSources(Splits.Val).Concat(StressSources(Splits.Test)).Concat(data.InSplit(Splits.Train)).ToList();

    public Task<IReadOnlyList<Edit>> PerturbAsync(CancellationToken cancel = default) =>
        EditStage.LoadOrPerturbAsync(run, CaptionedSources(), components.Perturber(), progress, cancel, shard);

    /// <summary>Counterfactuals of the stress-tested sources' edits (val, then test); a shard's sources' only, when sharded.</summary>
    public async Task<(IReadOnlyList<Counterfactual> Val, IReadOnlyList<Counterfactual> Test)> GenerateAsync(CancellationToken cancel = default)
    {
        var edits = EditsBySplit();
        var val = await Generation.GenerateAsync(edits.GetValueOrDefault(Splits.Val, []), "Counterfactuals (val)", cancel).ConfigureAwait(false);
        var test = await Generation.GenerateAsync(edits.GetValueOrDefault(Splits.Test, []), "Counterfactuals (test)", cancel).ConfigureAwait(false);
        if (ReferenceGeneration is { } reference)
            await reference.GenerateAsync(edits.GetValueOrDefault(Splits.Test, []).Where(e => !e.IsNull).ToList(), "Reference counterfactuals (test)", cancel).ConfigureAwait(false);
        return (val, test);
    }

    /// <summary>Trains the baseline (or loads it when a run already did). Nothing to train for a stress-only classifier.</summary>
    public Task TrainAsync(CancellationToken cancel = default) => Task.Run(() => Train(cancel), cancel);

    private void Train(CancellationToken cancel)
    {
        if (components.CreateClassifier is null) return;
        _baseline ??= components.CreateClassifier();
        _features ??= new FeatureStore(_baseline, progress, config.ModelTag);
        BaselineStage.LoadOrTrain(run, data, _baseline, _features, config, progress, cancel);
    }

    /// <summary>
    /// This shard's part of reinforcement: the counterfactuals of its train sources that the selections will ask for at every
    /// budget (the targeted selection's mining candidates, the random selection's draws), decided by the flagged kinds and
    /// the seed before any model runs. The one process that reinforces afterwards finds them made; it trains and judges.
    /// </summary>
    public async Task GenerateForReinforcementAsync(CancellationToken cancel = default)
    {
        var own = shard ?? throw new InvalidOperationException("Only a shard makes reinforcement's counterfactuals ahead; one process runs ReinforceAsync.");
        if (components.CreateClassifier is null) return;
        _ = GeneratedForStress();
        var validation = LoadStress(Splits.Val);
        if (validation.WeakKinds.Count == 0 && !config.ReinforceAnyway)
        {
            progress.Info($"Shard {own} of reinforce ({config.ModelTag}): no weakness was flagged on validation, nothing to generate.");
            return;
        }
        // The selections some method takes images from: as in ReinforcementStage, no other selection generates anything.
        var known = registries ?? new ReinforcementRegistries();
        var methods = (config.Methods ?? known.Methods.Defaults).Select(known.Methods.Create).ToList();
        var selections = (config.Selections ?? known.Selections.Defaults).Select(known.Selections.Create).Where(s => methods.Any(m => m.Accepts(s))).ToList();
        var trainEdits = EditsBySplit().GetValueOrDefault(Splits.Train, []);
        var edits = config.Budgets.SelectMany(k => selections.SelectMany(s => s.EditsToGenerate(trainEdits, validation.WeakKinds, config, k)))
            .DistinctBy(e => e.Id).ToList();
        var made = await Generation.GenerateAsync(edits, "Counterfactuals (train, reinforcement)", cancel).ConfigureAwait(false);
        progress.Info($"Shard {own} of reinforce ({config.ModelTag}): {made.Count} counterfactuals of train sources in {Generation.RecordsFile}");
    }

    /// <summary>The stress test on val and test, and the baseline's judgement on test, in one process (with the shards' predictions when it ran in shards).</summary>
    public Task<(StressTestResult Val, StressTestResult Test)> StressTestAsync(CancellationToken cancel = default) => Task.Run(() =>
    {
        if (shard is { } own) throw new InvalidOperationException($"The stress test's results come from one process; shard {own} only predicts its images (PredictShardAsync).");
        var (valCfs, testCfs) = GeneratedForStress();
        var val = StressStage(Splits.Val, StressSources(Splits.Val), valCfs, cancel);
        var test = StressStage(Splits.Test, StressSources(Splits.Test), testCfs, cancel);
        var judgementPath = run.Judgement(config.ModelTag);
        if (!File.Exists(judgementPath))
            Json.WriteFile(judgementPath, BuildJudgeSet(testCfs).Judge(Scorer(cancel), TargetKinds(val)));
        return (val, test);
    }, cancel);

    /// <summary>
    /// Stage 2 on the kinds flagged on validation. When none was flagged there is nothing to repair: only the baseline's row
    /// is kept, unless <see cref="ModelRunSettings.ReinforceAnyway"/> asks to reinforce against every kind.
    /// </summary>
    public async Task<IReadOnlyList<ReinforcementRow>> ReinforceAsync(CancellationToken cancel = default)
    {
        if (components.CreateClassifier is null)
            throw new InvalidOperationException($"Model '{config.ModelTag}' can be stress-tested but not reinforced: reinforcement needs trainable weights, not an ONNX graph.");
        _ = GeneratedForStress(); // the generate stage must have finished, whether or not anything is reinforced
        var validation = LoadStress(Splits.Val);
        var before = LoadJudgement();
        IReadOnlyList<ReinforcementRow> rows;
        if (validation.WeakKinds.Count == 0 && !config.ReinforceAnyway)
        {
            progress.Info("No weakness was flagged on validation: nothing to repair, so nothing is reinforced (reinforce anyway, against every kind, if you want to see what it does).");
            rows = [ReinforcementStage.BaselineRow(before)];
        }
        else
        {
            if (validation.WeakKinds.Count == 0) progress.Info("No edit kind was flagged on validation: targeted selection and acc_cf use all kinds.");
            var context = await ReinforcementContextOf(config, validation, cancel).ConfigureAwait(false);
            rows = await new ReinforcementStage(context, registries ?? new ReinforcementRegistries()).RunAsync(cancel).ConfigureAwait(false);
        }
        Json.WriteFile(run.ReinforcementRows(config.ModelTag), rows);
        return rows;
    }

    /// <summary>What every reinforcement of this model works with: the baseline, the judged images, the flagged kinds, the train edits.</summary>
    private async Task<ReinforcementContext> ReinforcementContextOf(ModelRunSettings settings, StressTestResult validation, CancellationToken cancel)
    {
        var (valCfs, testCfs) = GeneratedForStress();
        var targetKinds = TargetKinds(validation);
        var before = LoadJudgement();
        await Task.Run(() => LoadBaseline(cancel), cancel).ConfigureAwait(false);
        return new ReinforcementContext(run, data, settings, Generation, progress)
        {
            Baseline = _baseline!, Features = _features!, Before = before, Judge = BuildJudgeSet(testCfs),
            TargetKinds = targetKinds, WeakKinds = validation.WeakKinds,
            TrainEdits = EditsBySplit().GetValueOrDefault(Splits.Train, []),
            Validation = ValidationSet(StressSources(Splits.Val), valCfs, targetKinds),
            Train = data.InSplit(Splits.Train).Select(s => new LabeledRef(Original(s), data.LabelIndex(s), s.Label)).ToList(),
        };
    }

    /// <summary>What the finished stages found, read back from the run folder; no reinforcement rows when that stage has not run.</summary>
    public ModelRunResult Result()
    {
        var validation = LoadStress(Splits.Val);
        var rowsPath = run.ReinforcementRows(config.ModelTag);
        IReadOnlyList<ReinforcementRow> rows = File.Exists(rowsPath) ? Json.ReadFile<List<ReinforcementRow>>(rowsPath) : [];
        var ceilingPath = run.FeatureCeiling(config.ModelTag);
        return new ModelRunResult(config.ModelTag, validation, LoadStress(Splits.Test), LoadJudgement(), TargetKinds(validation), rows,
            File.Exists(ceilingPath) ? Json.ReadFile<FeatureCeiling>(ceilingPath) : null);
    }

    /// <summary>Releases the model and any backend that holds native resources (a diffusion editor's sessions, a CLIP filter's).</summary>
    public void Dispose()
    {
        _baseline?.Dispose();
        (_editor as IDisposable)?.Dispose();
        (_referenceEditor as IDisposable)?.Dispose();
        (_filter as IDisposable)?.Dispose();
        (_stressOnly as IDisposable)?.Dispose();
    }

    private GenerationStage Generation => _generation ??= new GenerationStage(run, data, _editor = components.Editor(), _filter = components.Filter(), progress, shard);

    private GenerationStage? ReferenceGeneration => components.ReferenceEditor is null ? null
        : _referenceGeneration ??= new GenerationStage(run, data, _referenceEditor = components.ReferenceEditor(), new AcceptAllFilter(), progress, shard, reference: true);

    /// <summary>The reference editor's images of the test edits that it made (none without a reference editor, or in a run made before it had one).</summary>
    private IReadOnlyList<CounterfactualRef>? ReferenceForTest()
    {
        if (components.ReferenceEditor is null || ShardedLog.Files(run.ReferenceCounterfactualsFile).Count == 0) return null;
        var tests = data.InSplit(Splits.Test).Select(s => s.Id).ToHashSet();
        return ShardedLog.ReadLog<Counterfactual>(run.ReferenceCounterfactualsFile, progress.Info)
            .GroupBy(c => c.EditId).Select(g => g.Last())
            .Where(c => c.Accepted && c.Kind != Edit.NullKind && tests.Contains(c.SourceId) && File.Exists(run.Resolve(c.ImagePath)))
            .OrderBy(c => c.EditId, StringComparer.Ordinal)
            .Select(c => new CounterfactualRef(new ImageRef($"{c.EditId}@reference", run.Resolve(c.ImagePath)), data.LabelIndex(_samples[c.SourceId]), c.Kind))
            .ToList();
    }

    private Dictionary<string, IReadOnlyList<Edit>> EditsBySplit() =>
        EditStage.Read(run, CaptionedSources(), settle: shard is null)
            .GroupBy(e => _samples.TryGetValue(e.SourceId, out var s) ? s.Split
                : throw new InvalidDataException($"{run.EditsFile}: edit '{e.Id}' names source '{e.SourceId}', which is not in the dataset."))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Edit>)g.ToList());

    /// <summary>The stress-tested edits' counterfactuals, all of which the generate stage must have made.</summary>
    private (IReadOnlyList<Counterfactual> Val, IReadOnlyList<Counterfactual> Test) GeneratedForStress()
    {
        var made = ShardedLog.ReadLog<Counterfactual>(run.CounterfactualsFile, progress.Info).GroupBy(c => c.EditId).ToDictionary(g => g.Key, g => g.Last());
        var edits = EditsBySplit();
        IReadOnlyList<Counterfactual> Of(string split)
        {
            var wanted = edits.GetValueOrDefault(split, []);
            var missing = wanted.Where(e => !made.ContainsKey(e.Id)).ToList();
            if (missing.Count > 0)
            {
                var what = $"{run.CounterfactualsFile}: {missing.Count} of the {split} split's {wanted.Count} edits have no counterfactual yet";
                throw (Exception?)MissingShardsException.For("generate", run, run.CounterfactualsFile, missing.Select(e => e.SourceId), what)
                    ?? new MissingStageException("generate", run.Root, what);
            }
            return wanted.Select(e => made[e.Id]).ToList();
        }
        return (Of(Splits.Val), Of(Splits.Test));
    }

    private void LoadBaseline(CancellationToken cancel)
    {
        if (_baseline is not null) return;
        if (components.CreateClassifier is null) return;
        var path = run.Model($"{config.ModelTag}-baseline");
        if (!File.Exists(path)) throw new MissingStageException("train", run.Root, $"{path} is missing");
        Train(cancel);
    }

    /// <summary>
    /// Class probabilities of the model under test: those the stress test's shards recorded when it ran in shards, and what
    /// they did not record computed here (a trainable model goes through the feature cache shared with reinforcement).
    /// </summary>
    private Func<IReadOnlyList<ImageRef>, float[][]> Scorer(CancellationToken cancel)
    {
        if (shard is null && ShardPredictions.Recorded(run, config.ModelTag, progress) is { } recorded)
        {
            // The model is loaded only if some image has no recorded prediction.
            var compute = new Lazy<Func<IReadOnlyList<ImageRef>, float[][]>>(() => ComputedScorer(cancel));
            return images => recorded.Probabilities(images, missing => compute.Value(missing), SourceIdsOfImages);
        }
        return ComputedScorer(cancel);
    }

    private Func<IReadOnlyList<ImageRef>, float[][]> ComputedScorer(CancellationToken cancel)
    {
        if (components.CreateClassifier is null)
        {
            _stressOnly ??= components.StressOnlyClassifier?.Invoke()
                ?? throw new InvalidOperationException("The run has neither a trainable nor a stress-only classifier.");
            var model = _stressOnly;
            return images => model.PredictProbabilities(images.Select(i => i.FullPath).ToList(), cancel: cancel);
        }
        LoadBaseline(cancel);
        var (features, head) = (_features!, _baseline!.Head);
        return images => features.Probabilities(images, head);
    }

    private StressTestResult LoadStress(string split)
    {
        var path = run.Stress(config.ModelTag, split);
        if (!File.Exists(path)) throw new MissingStageException("stress-test", run.Root, $"{path} is missing");
        return Json.ReadFile<StressTestResult>(path);
    }

    private Judgement LoadJudgement()
    {
        var path = run.Judgement(config.ModelTag);
        if (!File.Exists(path)) throw new MissingStageException("stress-test", run.Root, $"{path} is missing");
        return Json.ReadFile<Judgement>(path);
    }

    private static IReadOnlyList<string> TargetKinds(StressTestResult validation) =>
        validation.WeakKinds.Count > 0 ? validation.WeakKinds : validation.Kinds.Select(k => k.Kind).ToList();

    private List<Sample> StressSources(string split)
    {
        var all = data.InSplit(split).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        BudgetSelection.Shuffle(all, new Random(StableHash.Seed(config.Seed, "stress-sources", split)));
        return all.Take(config.StressSources).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    private ImageRef Original(Sample s) => ImageRef.Of(data, s);

    /// <summary>The source each image the stress test predicts comes from (a sample is its own source): what decides its shard.</summary>
    private Dictionary<string, string> SourceIdsOfImages()
    {
        var sources = data.Samples.ToDictionary(s => s.Id, s => s.Id);
        foreach (var c in ShardedLog.ReadLog<Counterfactual>(run.CounterfactualsFile)) sources[c.EditId] = c.SourceId;
        return sources;
    }

    /// <summary>
    /// This shard's part of the stress test: the probabilities of its val and test sources, their accepted counterfactuals and
    /// its balanced-test images, written once when all are done. A shard that finished before does nothing.
    /// </summary>
    public Task PredictShardAsync(CancellationToken cancel = default) => Task.Run(() =>
        PredictShard(shard ?? throw new InvalidOperationException("Only a shard predicts its part of the stress test; one process runs StressTestAsync."), cancel), cancel);

    private void PredictShard(Shard own, CancellationToken cancel)
    {
        var file = ShardPredictions.PathOf(run, config.ModelTag, own);
        if (File.Exists(file))
        {
            progress.Info($"Shard {own} of the stress test ({config.ModelTag}) is done: {file}");
            return;
        }
        var (valCfs, testCfs) = GeneratedForStress();
        var images = new List<(ImageRef Image, int Label)>();
        foreach (var (split, cfs) in new[] { (Splits.Val, valCfs), (Splits.Test, testCfs) })
        {
            images.AddRange(StressSources(split).Where(s => own.Contains(s.Id)).Select(s => (Original(s), data.LabelIndex(s))));
            images.AddRange(cfs.Where(c => c.Accepted && own.Contains(c.SourceId)).Select(c => (Generated(c), data.LabelIndex(_samples[c.SourceId]))));
        }
        images.AddRange(data.InSplit(Splits.TestBalanced).Where(s => own.Contains(s.Id)).Select(s => (Original(s), data.LabelIndex(s))));
        var probabilities = images.Count > 0 ? ComputedScorer(cancel)(images.Select(i => i.Image).ToList()) : [];
        JsonlFile.WriteAll(file, images.Select((i, n) => new PredictionRecord(i.Image.Id, i.Label, probabilities[n])));
        progress.Info($"Shard {own} of the stress test ({config.ModelTag}): {images.Count} predictions in {file}");
    }

    private ImageRef Generated(Counterfactual c) => new(c.EditId, run.Resolve(c.ImagePath));

    private StressTestResult StressStage(string split, IReadOnlyList<Sample> sources, IReadOnlyList<Counterfactual> cfs, CancellationToken cancel)
    {
        var path = run.Stress(config.ModelTag, split);
        if (File.Exists(path)) return Json.ReadFile<StressTestResult>(path);

        var score = Scorer(cancel);
        var accepted = cfs.Where(c => c.Accepted).ToList();
        var sourceProbs = score(sources.Select(Original).ToList());
        var cfProbs = score(accepted.Select(Generated).ToList());
        var bySource = sources.Select((s, i) => (s.Id, Probs: sourceProbs[i])).ToDictionary(x => x.Id, x => x.Probs);
        var pairs = accepted.Select((c, i) => new PairOutcome(c.EditId, c.SourceId, c.Kind, c.From, c.To,
            data.LabelIndex(_samples[c.SourceId]), bySource[c.SourceId], cfProbs[i])).ToList();
        var originals = sources.Select((s, i) => (data.LabelIndex(s), sourceProbs[i])).ToList();

        JsonlFile.WriteAll(run.Predictions($"{config.ModelTag}-{split}"),
            sources.Select((s, i) => new PredictionRecord(s.Id, data.LabelIndex(s), sourceProbs[i]))
                .Concat(accepted.Select((c, i) => new PredictionRecord(c.EditId, data.LabelIndex(_samples[c.SourceId]), cfProbs[i]))));
        var result = Analysis.StressTest.Analyze(split, originals, pairs, data.Classes, config.MinimumEffect);
        Json.WriteFile(path, result);
        return result;
    }

    private string GroupOf(Sample s) =>
        config.GroupAttribute is { } attribute && s.Attributes?.GetValueOrDefault(attribute) is { } value ? $"{s.Label}/{value}" : s.Label;

    private JudgeSet BuildJudgeSet(IReadOnlyList<Counterfactual> testCfs)
    {
        var originals = StressSources(Splits.Test).Select(s => new LabeledRef(Original(s), data.LabelIndex(s), GroupOf(s))).ToList();
        var cfs = testCfs.Where(c => c.Accepted && c.Kind != Edit.NullKind)
            .Select(c => new CounterfactualRef(Generated(c), data.LabelIndex(_samples[c.SourceId]), c.Kind)).ToList();
        var balanced = data.InSplit(Splits.TestBalanced).Select(s => new LabeledRef(Original(s), data.LabelIndex(s), GroupOf(s))).ToList();
        var trainGroups = data.InSplit(Splits.Train).GroupBy(GroupOf).ToDictionary(g => g.Key, g => g.Count());
        return new JudgeSet(originals, cfs, balanced, trainGroups, ReferenceForTest());
    }

    private ValidationSet ValidationSet(IReadOnlyList<Sample> sources, IReadOnlyList<Counterfactual> cfs, IReadOnlyList<string> kinds) => new(
        sources.Select(s => new LabeledRef(Original(s), data.LabelIndex(s), GroupOf(s))).ToList(),
        cfs.Where(c => c.Accepted && kinds.Contains(c.Kind))
            .Select(c => new CounterfactualRef(Generated(c), data.LabelIndex(_samples[c.SourceId]), c.Kind)).ToList(),
        data.InSplit(Splits.Val).Select(s => new LabeledRef(Original(s), data.LabelIndex(s), GroupOf(s))).ToList());
}
