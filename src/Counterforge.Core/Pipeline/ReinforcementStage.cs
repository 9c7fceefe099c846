using Counterforge.Core.Classification;
using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Metrics;
using Counterforge.Core.Progress;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Runs;
using Rows = Counterforge.Core.Reinforcement.ReinforcementRow;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// Stage 2: for each budget K, the paper's last-layer recipe and a full fine-tune, each with K extra originals, K random
/// and K targeted counterfactuals (all from train sources; targeted ones mined from the baseline's failures), plus DFR on K group-balanced validation images — same seed,
/// same budget — judged on test originals and on counterfactuals of test sources. Each finished row is kept on disk.
/// </summary>
public sealed class ReinforcementStage(RunFolder run, Dataset data, LoopConfig config, GenerationStage generation, StageProgress progress)
{
    private sealed record Added(ImageRef Image, int Label);

    /// <summary>A row and its model's predictions on the judged test images, which the row's McNemar tests compare with the baseline's.</summary>
    private sealed record Judged(Rows Row, JudgedImages After);

    /// <summary>The baseline's predictions on the test originals and counterfactuals, as the stress test recorded them.</summary>
    private Dictionary<string, PredictionRecord>? _baselineTest;

    public IReadOnlyList<Rows> Run(
        ITrainableClassifier baseline, FeatureStore features, Judgement before, JudgeSet judge,
        IReadOnlyList<string> targetKinds, IReadOnlyList<string> weakKinds, IReadOnlyList<Edit> trainEdits, ValidationSet validation)
    {
        var rows = new List<Rows> { Row(Rows.Methods.None, Rows.Selections.None, 0, before, before) };
        _baselineTest = JsonlFile.ReadAll<PredictionRecord>(run.Predictions($"{config.ModelTag}-{Splits.Test}")).ToDictionary(p => p.ImageId);
        var samples = data.Samples.ToDictionary(s => s.Id);
        var train = data.InSplit(Splits.Train).ToList();
        var trainRefs = train.Select(s => new Added(ImageRef.Of(data, s), data.LabelIndex(s))).ToList();

        foreach (int k in config.Budgets)
        {
            var (targeted, targetedNote) = Targeted(trainEdits, weakKinds, samples, k, baseline, features);
            var selections = new List<(string Name, IReadOnlyList<Added> Items, string? Note)>
            {
                (Rows.Selections.ExtraOriginals, BudgetSelection.ExtraOriginals(data.InSplit(Splits.Extra), k, config.Seed)
                    .Select(s => new Added(ImageRef.Of(data, s), data.LabelIndex(s))).ToList(), null),
                (Rows.Selections.Random, Counterfactuals(BudgetSelection.Counterfactuals(trainEdits, null, k, config.Seed), samples, $"K={k}"), null),
                (Rows.Selections.Targeted, targeted, targetedNote),
            };
            foreach (var (selection, items, note) in selections)
            {
                if (items.Count == 0)
                {
                    progress.Info($"{selection}: no images to add at K = {k} ({(selection == Rows.Selections.ExtraOriginals ? "the dataset has no extra split" : "no accepted counterfactuals")}); skipped.");
                    continue;
                }
                if (items.Count < k) progress.Info($"{selection}: only {items.Count} of K = {k} images available.");
                if (config.LastLayer)
                    rows.Add(Cached(Rows.Methods.LastLayer, selection, k, () => LastLayer(baseline, features, before, judge, targetKinds, trainRefs, items, validation, selection, k, note)));
                if (config.FullFineTune)
                    rows.Add(Cached(Rows.Methods.Full, selection, k, () => FullFineTune(baseline, features, before, judge, targetKinds, trainRefs, items, validation, selection, k, note)));
            }
            if (config.RunDfr)
                rows.Add(Cached(Rows.Methods.Dfr, Rows.Selections.Balanced, k, () => DeepFeatureReweighting(baseline, features, before, judge, targetKinds, validation, k)));
        }
        return rows;
    }

    private Rows Cached(string method, string selection, int k, Func<Judged> compute)
    {
        var key = $"{config.ModelTag}-{method}-{selection}-k{k}";
        var path = run.Reinforcement(key);
        if (File.Exists(path)) return Json.ReadFile<Rows>(path);
        var (row, after) = compute();
        // The predictions land before the row: a row on disk always has its image-by-image record beside it.
        var predictions = run.ReinforcementPredictions(key);
        JsonlFile.WriteAll(predictions, after.Originals.Concat(after.Counterfactuals));
        row = row with
        {
            Predictions = Path.GetRelativePath(run.Root, predictions).Replace('\\', '/'),
            RepairOnOriginals = AgainstBaseline(after.Originals),
            RepairOnCounterfactuals = AgainstBaseline(after.Counterfactuals),
        };
        Json.WriteFile(path, row);
        progress.Info($"{method,-10} {selection,-15} K={k,-4} acc_orig {row.AccOrig:P1}  acc_cf {row.AccCf:P1}  gap closed {row.GapClosed:P0}");
        return row;
    }

    /// <summary>McNemar's exact test of a reinforced model against the baseline on the images both were judged on.</summary>
    private McNemarTest AgainstBaseline(IReadOnlyList<PredictionRecord> after) =>
        McNemarTest.Of(after.Where(p => _baselineTest!.ContainsKey(p.ImageId)).Select(p => (_baselineTest![p.ImageId].Correct, p.Correct)));

    /// <summary>
    /// K counterfactuals of the flagged kinds. With <see cref="LoopConfig.TargetedCandidates"/> above 1, that many times K
    /// are made from train sources and the baseline's predictions pick, class by class, the K it gets most wrong: an image
    /// the model already gets right teaches it little, and the flagged kind's failures are what the fine-tune must undo.
    /// </summary>
    private (IReadOnlyList<Added> Items, string Note) Targeted(IReadOnlyList<Edit> trainEdits, IReadOnlyList<string> weakKinds,
        Dictionary<string, Sample> samples, int k, ITrainableClassifier baseline, FeatureStore features)
    {
        if (weakKinds.Count == 0)
            return (Counterfactuals(BudgetSelection.Counterfactuals(trainEdits, null, k, config.Seed), samples, $"K={k}"), "no kind flagged on validation: drawn like random");
        string kinds = $"kinds: {string.Join(", ", weakKinds)}";
        if (config.TargetedCandidates <= 1)
            return (Counterfactuals(BudgetSelection.Counterfactuals(trainEdits, weakKinds, k, config.Seed), samples, $"K={k}"), kinds);
        int pool = config.TargetedCandidates * k;
        var candidates = Counterfactuals(BudgetSelection.Counterfactuals(trainEdits, weakKinds, pool, config.Seed), samples, $"{pool} candidates for K={k}");
        var probabilities = features.Probabilities(candidates.Select(c => c.Image).ToList(), baseline.Head);
        var scored = candidates.Select((c, i) => (Added: c, TrueClass: (double)probabilities[i][c.Label], Wrong: PairOutcome.ArgMax(probabilities[i]) != c.Label)).ToList();
        var chosen = BudgetSelection.HardestByClass(scored, s => s.Added.Label, s => s.TrueClass, k);
        int wrong = chosen.Count(c => c.Wrong);
        return (chosen.Select(c => c.Added).ToList(), $"{kinds}; the {chosen.Count} of {candidates.Count} candidates the baseline gets most wrong, class by class ({wrong} misclassified)");
    }

    private List<Added> Counterfactuals(IReadOnlyList<Edit> edits, Dictionary<string, Sample> samples, string what)
    {
        var made = generation.Generate(edits, $"Counterfactuals (train, {what})");
        return made.Where(c => c.Accepted)
            .Select(c => new Added(new ImageRef(c.EditId, run.Resolve(c.ImagePath)), data.LabelIndex(samples[c.SourceId]))).ToList();
    }

    private Judged LastLayer(ITrainableClassifier baseline, FeatureStore features, Judgement before, JudgeSet judge, IReadOnlyList<string> kinds,
        IReadOnlyList<Added> train, IReadOnlyList<Added> added, ValidationSet validation, string selection, int k, string? note)
    {
        var result = LastLayerReinforcement.Fit(baseline.Head,
            features.Get(train.Select(t => t.Image).ToList()), train.Select(t => t.Label).ToList(),
            features.Get(added.Select(a => a.Image).ToList()), added.Select(a => a.Label).ToList(),
            config.AddedShare,
            head => validation.Score(images => features.Probabilities(images, head)),
            maxOriginalDrop: config.MaxOriginalDrop);
        var after = judge.JudgeEach(images => features.Probabilities(images, result.Head), kinds);
        string? weights = null;
        if (selection == Rows.Selections.Targeted)
        {
            using var reinforced = baseline.Clone();
            reinforced.Head = result.Head;
            weights = SaveReinforced(reinforced, Rows.Methods.LastLayer, k);
        }
        return new Judged(Row(Rows.Methods.LastLayer, selection, k, before, after.Judgement) with
        {
            Alpha = result.Alpha, L2 = result.L2, Note = note, Weights = weights, Sweep = result.Sweep,
        }, after);
    }

    /// <summary>
    /// Method (b): every weight fine-tuned on the originals plus the added images at the mixing ratio, then blended with the
    /// original weights (WiSE-FT) with α chosen on validation like the last-layer recipe's.
    /// </summary>
    private Judged FullFineTune(ITrainableClassifier baseline, FeatureStore features, Judgement before, JudgeSet judge, IReadOnlyList<string> kinds,
        IReadOnlyList<Added> train, IReadOnlyList<Added> added, ValidationSet validation, string selection, int k, string? note)
    {
        // The mixing ratio is met by repeating the added images, not by weighting them: a weight of 20 on a few hard
        // images multiplies their gradients twentyfold within a batch, and SGD on a pretrained network diverges.
        int repeats = added.Count == 0 ? 0 : Math.Max(1, (int)Math.Round(config.AddedShare / (1 - config.AddedShare) * train.Count / added.Count));
        var data = train.Select(t => new LabeledImage(t.Image.FullPath, t.Label))
            .Concat(Enumerable.Repeat(added, repeats).SelectMany(a => a).Select(a => new LabeledImage(a.Image.FullPath, a.Label))).ToList();
        string stage = $"Full fine-tune ({selection}, K={k})";
        var (baselineOrig, baselineCf) = validation.Score(images => features.Probabilities(images, baseline.Head));
        var recipes = FineTuneLadder.Recipes(config.FineTuneTraining with { Seed = config.Seed }, (baseline as IEarlyModules)?.EarlyModules ?? []);
        var outcome = FineTuneLadder.Run(baseline, recipes,
            (model, recipe) => BaselineStage.TrainWithProgress(model, data, recipe, progress, $"{stage}, {FineTuneLadder.Describe(recipe)}"),
            model => validation.Score(images => model.PredictProbabilities(images.Select(i => i.FullPath).ToList())),
            baselineOrig, message => progress.Info($"{stage}: {message}"));
        using var tuned = outcome.Tuned;

        var sweep = new List<AlphaPoint> { new(0, 0, baselineOrig, baselineCf) };
        foreach (var alpha in FullBlendAlphas)
        {
            using var blended = baseline.Interpolate(tuned, alpha);
            var (orig, cf) = validation.Score(images => blended.PredictProbabilities(images.Select(i => i.FullPath).ToList()));
            sweep.Add(new AlphaPoint(0, alpha, orig, cf));
        }
        var best = BlendChoice.Pick(sweep, baselineOrig, config.MaxOriginalDrop);
        progress.Info($"Full fine-tune ({selection}, K={k}): validation acc_orig / acc_cf by α: {string.Join(", ", sweep.Select(p => $"{p.Alpha:0.##}: {p.ValAccOrig:P1} / {p.ValAccCf:P1}"))}; chosen α = {best.Alpha:0.##}");
        using var chosen = baseline.Interpolate(tuned, best.Alpha);
        var scored = new FeatureStore(chosen, progress, $"{config.ModelTag} fine-tuned α={best.Alpha:0.##}");
        var after = judge.JudgeEach(images => scored.Probabilities(images, chosen.Head), kinds);
        var weights = selection == Rows.Selections.Targeted ? SaveReinforced(chosen, Rows.Methods.Full, k) : null;
        return new Judged(Row(Rows.Methods.Full, selection, k, before, after.Judgement) with
        {
            Alpha = best.Alpha, Note = FineTuneNote(note, outcome), Weights = weights, Sweep = sweep, FineTune = outcome.Attempts,
        }, after);
    }

    /// <summary>The selection's note, and what a fine-tune that diverged did and what to try: a row whose repair is 0 % must say why.</summary>
    private static string? FineTuneNote(string? note, FineTuneLadder.Outcome outcome)
    {
        var attempts = outcome.Attempts;
        string? fineTune = outcome.Diverged
            ? $"every fine-tune diverged ({attempts[^1].Diverged}); the blend keeps the original. {FineTuneLadder.Advice}"
            : attempts.Count > 1 ? $"the first fine-tune diverged ({attempts[0].Diverged}); kept: {Recipe(attempts.Single(a => a.Kept))}" : null;
        return fineTune is null ? note : note is null ? fineTune : $"{note}; {fineTune}";
    }

    private static string Recipe(FineTuneAttempt a) => FineTuneLadder.Describe(new TrainingOptions(a.Epochs, LearningRate: a.LearningRate,
        FreezeNormalization: a.KeepsNormalization, FrozenModules: a.FrozenModules));

    /// <summary>The reinforced model is the product: its weights are kept (safetensors, PyTorch names) for the targeted selection; the baselines' are not.</summary>
    private string SaveReinforced(ITrainableClassifier model, string method, int k)
    {
        var path = run.Model($"{config.ModelTag}-{method}-targeted-k{k}");
        model.Save(path);
        return Path.GetRelativePath(run.Root, path).Replace('\\', '/');
    }

    /// <summary>Fewer α than the last layer's sweep: each one costs a pass of the whole network over validation.</summary>
    private static readonly IReadOnlyList<double> FullBlendAlphas = [0.25, 0.5, 0.75, 1.0];

    private Judged DeepFeatureReweighting(ITrainableClassifier baseline, FeatureStore features, Judgement before, JudgeSet judge, IReadOnlyList<string> kinds, ValidationSet validation, int k)
    {
        var chosen = BudgetSelection.GroupBalanced(validation.Pool, p => p.Group, k, config.Seed);
        var chosenIds = chosen.Select(c => c.Image.Id).ToHashSet();
        var tune = validation.Pool.Where(p => !chosenIds.Contains(p.Image.Id)).ToList();
        var result = Dfr.Fit(
            features.Get(chosen.Select(c => c.Image).ToList()), chosen.Select(c => c.Label).ToList(), chosen.Select(c => c.Group).ToList(),
            features.Get(tune.Select(t => t.Image).ToList()), tune.Select(t => t.Label).ToList(), tune.Select(t => t.Group).ToList(),
            data.Classes.Count, config.Seed);
        var after = judge.JudgeEach(images => features.Probabilities(images, result.Head), kinds);
        return new Judged(Row(Rows.Methods.Dfr, Rows.Selections.Balanced, k, before, after.Judgement) with
        {
            DfrC = result.C,
            Note = $"{chosen.Select(c => c.Group).Distinct().Count()} groups in the K images",
        }, after);
    }

    private static Rows Row(string method, string selection, int k, Judgement before, Judgement after) => new(
        method, selection, k, after.AccOrig, after.AccCf, Rows.GapClosedOf(after.AccCf, before.AccCf, before.AccOrig),
        after.WorstGroup, after.AdjustedMean);
}
