using System.Diagnostics;
using Counterforge.Core.Data;
using Counterforge.Core.Metrics;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;
using Counterforge.Report;

namespace Counterforge.Cli.Stages;

/// <summary>
/// The stages of the method on a user's dataset, one per verb, all on one run folder. The dataset is indexed once, on the
/// first verb (samples.jsonl), so every later verb sees the same images and splits even if the folder changes.
/// </summary>
/// <param name="verb">The verb being run: a report made by the `report` verb reproduces the run from the verbs before it.</param>
internal sealed class FolderRun(RunFolder run, RunSpec spec, StageProgress progress, string command, string verb)
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly Backends _backends = new(run, spec, progress);
    private Dataset? _dataset;

    /// <summary>An ONNX classifier is stress-tested only: reinforcement needs weights it can train.</summary>
    public bool Reinforceable => spec.Model?.Onnx is null;

    public RunFolder Run => run;

    public Dataset Data => _dataset ??= DatasetIndex.LoadOrCreate(run, spec.Data!, spec.Seed, progress);

    public void Train()
    {
        var model = spec.Model!;
        if (model.Onnx is not null)
        {
            // Checked against the dataset's classes now, before the stages that cost time.
            using (Backends.OnnxClassifier(model, Data.Classes) as IDisposable) { }
            progress.Info($"{model.Onnx} is an ONNX classifier: nothing to train, it is stress-tested as it is.");
            return;
        }
        var baseline = run.Model($"{model.Tag}-baseline");
        if (model.Weights is not null && !File.Exists(baseline))
        {
            using var given = _backends.ClassifierWithWeights(model, Data.Classes);
            given.Save(baseline);
            progress.Info($"Baseline {model.Tag}: the weights of {model.Weights}, nothing trained.");
            return;
        }
        using var stages = Stages(Data);
        stages.Train();
    }

    public void Caption()
    {
        using var stages = Stages(Data);
        var made = CaptionStage.LoadOrCaption(run, Data, stages.CaptionedSources(), _backends.Captioner(spec.Captions!), progress);
        int templated = made.Count(c => c.Templated);
        progress.Info($"{made.Count} captions in {run.CaptionsFile}" + (templated > 0 ? $", {templated} templated (the image had no caption)." : "."));
    }

    public void Perturb()
    {
        IReadOnlyList<Sample> sources;
        using (var plain = Stages(Data)) sources = plain.CaptionedSources();
        var data = CaptionStage.Apply(run, Data, sources, progress);
        using var stages = Stages(data);
        var edits = stages.Perturb();
        progress.Info($"{edits.Count} edits ({edits.Count(e => e.IsNull)} null controls) in {run.EditsFile}");
    }

    public void Generate()
    {
        using var stages = Stages(Data);
        var (val, test) = stages.Generate();
        var all = val.Concat(test).ToList();
        progress.Info($"{all.Count(c => c.Accepted)} of {all.Count} counterfactuals accepted; records in {run.CounterfactualsFile}");
        foreach (var reason in all.Where(c => !c.Accepted).GroupBy(c => c.RejectReason ?? "rejected").OrderByDescending(g => g.Count()).Take(5))
            progress.Info($"  {reason.Count()} × {reason.Key}");
    }

    public void StressTest()
    {
        using var stages = Stages(Data);
        var (val, test) = stages.StressTest();
        progress.Info($"Stress test: acc_orig {Percent.Format(test.AccOrig)}, acc_cf {Percent.Format(test.AccCf, Percent.NoCounterfactuals)} on test; kinds flagged on validation: "
            + (val.WeakKinds.Count > 0 ? string.Join(", ", val.WeakKinds) : "none"));
    }

    public void Reinforce()
    {
        using var stages = Stages(Data);
        stages.Reinforce();
    }

    public Summary Report()
    {
        using var stages = Stages(Data);
        var result = stages.Result();
        var model = Summary.OfModel(result) with { Clusters = EditClusters.OfTest(run, Data, result.ModelTag, spec.Seed, progress) };
        int Count(string split) => Data.InSplit(split).Count();
        // This verb is not in the history yet (it is recorded when it finishes): the run is the verbs before it, then this one.
        var verbs = VerbHistory.Read(run).Where(v => v.Verb != "report").Append(new VerbRun(verb, command, Math.Round(_watch.Elapsed.TotalSeconds, 1))).ToList();
        bool byVerbs = verbs.Count > 1;
        var summary = new Summary(spec.Seed, null, model.Model, Math.Round(verbs.Sum(v => v.Seconds), 1),
            new SplitCounts(Count(Splits.Train), Count(Splits.Val), Count(Splits.Test), Count(Splits.TestBalanced), Count(Splits.Extra)),
            model.StressTest, model.Reinforcement, [model], byVerbs ? string.Join(" && ", verbs.Select(v => v.Command)) : command,
            byVerbs ? verbs : null);
        Json.WriteFile(run.SummaryJson, summary);
        HtmlReport.Write(run, Data, summary);
        return summary;
    }

    private LoopStages Stages(Dataset data)
    {
        // Captioning, perturbing and generating need no model: they get a placeholder that fails if asked for a classifier.
        var model = spec.Model ?? NoModel;
        var components = new LoopComponents(
            model.Onnx is null ? () => spec.Model is null ? throw Missing("train") : _backends.Classifier(model, data.Classes) : null,
            () => _backends.Perturber(spec.Edits ?? throw Missing("perturb")),
            () => _backends.Editor(spec.Generation ?? throw Missing("generate"), data),
            () => _backends.Filter(spec.Generation ?? throw Missing("generate")),
            model.Onnx is null ? null : () => Backends.OnnxClassifier(model, data.Classes));
        return new LoopStages(run, data, components, Config(data, model), progress);
    }

    private LoopConfig Config(Dataset data, ModelSpec model)
    {
        int train = data.InSplit(Splits.Train).Count();
        var stress = spec.Stress ?? new StressSpec(200, null);
        var reinforce = spec.Reinforcement ?? new ReinforceSpec(["5%"], 2, null);
        bool pretrained = model.LinearProbe || model.Weights is not null;
        return new LoopConfig(spec.Seed, model.Tag, model.LinearProbe,
            model.LinearProbe
                ? new Core.Classification.TrainingOptions(model.ProbeFineTuneEpochs, model.BatchSize, model.ProbeFineTuneLearningRate, Seed: spec.Seed, FreezeNormalization: true)
                : new Core.Classification.TrainingOptions(model.Epochs, model.BatchSize, model.LearningRate, Seed: spec.Seed),
            new Core.Classification.TrainingOptions(reinforce.FineTuneEpochs, model.BatchSize, reinforce.FineTuneLearningRate ?? (pretrained ? 0.001 : 0.01),
                Seed: spec.Seed, FreezeNormalization: pretrained, FrozenModules: reinforce.FineTuneFrozenModules),
            stress.Sources, reinforce.Budgets.Select(b => Budget.Resolve(b, train)).Distinct().Order().ToList(),
            TargetedCandidates: reinforce.TargetedCandidates,
            GroupAttribute: GroupAttribute(data),
            MinimumEffect: stress.MinimumEffect ?? Core.Analysis.StressTest.DefaultMinimumEffect,
            MaxOriginalDrop: reinforce.MaxOriginalDrop ?? Core.Reinforcement.BlendChoice.MaxOriginalDrop);
    }

    /// <summary>The --group-by column, which some images must carry (a manifest column kept as an attribute).</summary>
    private string? GroupAttribute(Dataset data)
    {
        if (spec.Data?.GroupBy is not { } column) return null;
        if (data.Samples.Any(s => s.Attributes?.ContainsKey(column) == true)) return column;
        var known = data.Samples.SelectMany(s => s.Attributes?.Keys ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
        throw new ArgumentException($"--group-by '{column}': no image of {spec.Data.Path} has that column"
            + (known.Count > 0 ? $"; the manifest's extra columns are: {string.Join(", ", known)}." : "; its manifest has no extra columns (only a manifest can give images attributes)."));
    }

    private static readonly ModelSpec NoModel = new("none", null, null, 0, 0, 0, 1, false);

    private InvalidOperationException Missing(string verb) =>
        new($"{run.RunJson} records no settings for `{verb}` yet: run `counterforge {verb} --out {run.Root}` first.");
}
