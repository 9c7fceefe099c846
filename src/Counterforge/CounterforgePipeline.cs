using System.Diagnostics;
using Counterforge.Backends;
using Counterforge.Core.Analysis;
using Counterforge.Core.Captions;
using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Runs;
using Counterforge.Data;
using Counterforge.Options;
using Counterforge.Report;

namespace Counterforge;

/// <summary>
/// The method on one run folder, one async stage at a time (train, caption, perturb, generate, stress-test, reinforce,
/// report) or all of them (<see cref="RunAsync"/>). Every stage keeps what it finishes in the folder, so a killed or
/// cancelled run resumes where it stopped, and a stage asked for before its inputs exist throws
/// <see cref="MissingStageException"/> naming the stage to run. The folder is claimed while the pipeline is open.
/// A pipeline opened as one shard of a run (<see cref="OpenShard"/>) does only its part of the per-item stages, beside the
/// run's other shards (on this machine or others, over a shared filesystem).
/// </summary>
public sealed class CounterforgePipeline : IDisposable
{
    private readonly RunFolder run;
    private readonly IDisposable claim;
    private readonly string command;
    private readonly CounterforgeRegistries registries;
    private Dataset? dataset;
    /// <summary>Inside <see cref="RunAsync"/>: its stages are recorded as parts of the run, whose own time counts them.</summary>
    private bool _inRun;

    private CounterforgePipeline(RunFolder run, IDisposable claim, CounterforgeOptions options, CounterforgeRegistries registries, string command, Shard? shard)
    {
        (this.run, this.claim, Options, this.registries, this.command, Shard) = (run, claim, options, registries, command, shard);
    }

    /// <summary>The options as run.json records them (paths full, "auto" precision resolved).</summary>
    public CounterforgeOptions Options { get; }

    /// <summary>The run folder's full path.</summary>
    public string RunFolder => run.Root;

    /// <summary>The shard of the run this pipeline does, or null when it does the whole run.</summary>
    public Shard? Shard { get; }

    /// <summary>
    /// Claims the run folder, checks the options — before anything is recorded: names known to the registries, paths present,
    /// model files that the given stages will use loadable — and records them in run.json. A setting that differs from what
    /// the folder's existing results were made with is refused (<see cref="OptionsContradictionException"/>).
    /// </summary>
    /// <param name="checkFor">The stages about to run, whose backends are checked now (default: every stage).</param>
    /// <param name="command">How this run was asked for, recorded with its wall time so a report can say how to reproduce it.</param>
    public static CounterforgePipeline Open(string runFolder, CounterforgeOptions options, CounterforgeRegistries? registries = null,
        PipelineStages checkFor = PipelineStages.All, string? command = null)
    {
        var run = new RunFolder(runFolder);
        var claim = run.Lock();
        try
        {
            registries ??= new CounterforgeRegistries();
            var normalised = OptionsRecord.Normalised(options);
            OptionsCheck.Shape(normalised, registries);
            if (OptionsRecord.Read(run.RunJson) is { } recorded) OptionsRecord.Check(run, recorded, normalised);
            var pipeline = new CounterforgePipeline(run, claim, normalised, registries, command ?? "CounterforgePipeline.RunAsync (library)", shard: null);
            OptionsCheck.Backends(pipeline.Context(StageProgress.Silent), registries, checkFor, pipeline.EditorName);
            OptionsRecord.Write(run, normalised);
            VerbHistory.FoldShards(run);
            return pipeline;
        }
        catch
        {
            claim.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens shard <paramref name="shard"/> of a run that an earlier verb set up (its settings in run.json, its dataset indexed,
    /// its baseline trained): caption, perturb, generate and the stress test's predictions then do only the sources whose
    /// stable hash falls in the shard and write only files of their own, so any number of shards run at once on one folder.
    /// The shards' results together are those of one process with the same seed; the stage after them, or the same stage
    /// without a shard, reads them as one and names the shards that are missing. A shard changes no setting: given
    /// <paramref name="options"/> must be those run.json records (null takes them).
    /// </summary>
    public static CounterforgePipeline OpenShard(string runFolder, Shard shard, CounterforgeOptions? options = null, CounterforgeRegistries? registries = null,
        PipelineStages checkFor = PipelineStages.All, string? command = null)
    {
        var run = new RunFolder(runFolder);
        var claim = run.LockShard(shard);
        try
        {
            registries ??= new CounterforgeRegistries();
            var recorded = OptionsRecord.Read(run.RunJson)!;
            if (options is not null) OptionsRecord.CheckUnchanged(run, recorded, OptionsRecord.Normalised(options), shard);
            OptionsCheck.Shape(recorded, registries);
            var pipeline = new CounterforgePipeline(run, claim, recorded, registries, command ?? $"CounterforgePipeline.OpenShard {shard} (library)", shard);
            OptionsCheck.Backends(pipeline.Context(StageProgress.Silent), registries, checkFor, pipeline.EditorName);
            return pipeline;
        }
        catch
        {
            claim.Dispose();
            throw;
        }
    }

    /// <summary>The options a run folder's run.json records; null when the folder holds no run (or does not exist).</summary>
    public static CounterforgeOptions? Recorded(string runFolder) => OptionsRecord.Read(Path.Combine(Path.GetFullPath(runFolder), "run.json"));

    /// <summary>Every stage in order: train (nothing for an ONNX classifier), caption, perturb, generate, stress-test, reinforce (trainable models), report.</summary>
    public async Task<RunResult> RunAsync(IProgress<StageEvent>? progress = null, CancellationToken cancel = default)
    {
        Whole("run");
        var watch = Stopwatch.StartNew();
        _inRun = true;
        try
        {
            await TrainAsync(progress, cancel).ConfigureAwait(false);
            await CaptionAsync(progress, cancel).ConfigureAwait(false);
            await PerturbAsync(progress, cancel).ConfigureAwait(false);
            await GenerateAsync(progress, cancel).ConfigureAwait(false);
            await StressTestAsync(progress, cancel).ConfigureAwait(false);
            if (Options.Models.Any(m => m.Onnx is null)) await ReinforceAsync(progress, cancel).ConfigureAwait(false);
        }
        finally
        {
            _inRun = false;
        }
        return await ReportAsync(progress, cancel, new VerbRun("run", command, watch.Elapsed.TotalSeconds)).ConfigureAwait(false);
    }

    /// <summary>The run's dataset: rendered (the scenes world) and indexed on first use, then read from the run folder's index.</summary>
    public Task<Dataset> DatasetAsync(IProgress<StageEvent>? progress = null, CancellationToken cancel = default) =>
        Task.Run(() => Data(new StageProgress(progress), cancel), cancel);

    /// <summary>Trains each model's baseline, or takes the user's weights as it, or checks an ONNX classifier against the classes.</summary>
    public Task TrainAsync(IProgress<StageEvent>? progress = null, CancellationToken cancel = default) => Stage("train", progress, async reporter =>
    {
        Whole("train");
        var data = Data(reporter, cancel);
        for (int m = 0; m < Options.Models.Count; m++)
        {
            var model = Options.Models[m];
            if (model.Onnx is not null)
            {
                using (OnnxClassifier(model, data) as IDisposable) { }
                reporter.Info($"{model.Onnx} is an ONNX classifier: nothing to train, it is stress-tested as it is.");
                continue;
            }
            var baseline = run.Model($"{model.Tag}-baseline");
            if (model.Weights is not null && !model.NewHead && !File.Exists(baseline))
            {
                using var given = registries.Classifiers.Create(model.Architecture, ClassifierContext(model, data, withGivenWeights: true));
                given.Save(baseline);
                reporter.Info($"Baseline {model.Tag}: the weights of {model.Weights}, nothing trained.");
                continue;
            }
            using var stages = ModelRun(m, data, reporter);
            await stages.TrainAsync(cancel).ConfigureAwait(false);
        }
    });

    /// <summary>Captions the images the method edits (the stress-tested val and test sources and every train image); a shard's of them only.</summary>
    public Task<IReadOnlyList<CaptionRecord>> CaptionAsync(IProgress<StageEvent>? progress = null, CancellationToken cancel = default) => Stage("caption", progress, async reporter =>
    {
        var data = Data(reporter, cancel);
        var captioner = registries.Captioners.Create(Options.Captions.Captioner, Context(reporter));
        try
        {
            var made = await CaptionStage.LoadOrCaptionAsync(run, data, Sources(data, reporter), captioner, reporter, cancel, Shard).ConfigureAwait(false);
            int templated = made.Count(c => c.Templated);
            reporter.Info($"{made.Count} captions in {ShardedLog.PathOf(run.CaptionsFile, Shard)}" + (templated > 0 ? $", {templated} templated (the image had no caption)." : "."));
            return made;
        }
        finally
        {
            (captioner as IDisposable)?.Dispose();
        }
    });

    /// <summary>Proposes edits of each caption that leave the class subject alone, plus a null edit per image as the control; a shard's sources' only.</summary>
    public Task<IReadOnlyList<Edit>> PerturbAsync(IProgress<StageEvent>? progress = null, CancellationToken cancel = default) => Stage("perturb", progress, async reporter =>
    {
        var data = Data(reporter, cancel);
        var captioned = CaptionStage.Apply(run, data, Sources(data, reporter), reporter);
        using var stages = ModelRun(0, captioned, reporter);
        var edits = await stages.PerturbAsync(cancel).ConfigureAwait(false);
        reporter.Info($"{edits.Count} edits ({edits.Count(e => e.IsNull)} null controls) in {ShardedLog.PathOf(run.EditsFile, Shard)}");
        return edits;
    });

    /// <summary>Makes and filters the counterfactual image of every validation and test edit; a shard's sources' only.</summary>
    public Task<IReadOnlyList<Counterfactual>> GenerateAsync(IProgress<StageEvent>? progress = null, CancellationToken cancel = default) => Stage("generate", progress, async reporter =>
    {
        using var stages = ModelRun(0, Data(reporter, cancel), reporter);
        var (val, test) = await stages.GenerateAsync(cancel).ConfigureAwait(false);
        var all = val.Concat(test).ToList();
        reporter.Info($"{all.Count(c => c.Accepted)} of {all.Count} counterfactuals accepted; records in {ShardedLog.PathOf(run.CounterfactualsFile, Shard)}");
        foreach (var reason in all.Where(c => !c.Accepted).GroupBy(c => c.RejectReason ?? "rejected").OrderByDescending(g => g.Count()).Take(5))
            reporter.Info($"  {reason.Count()} × {reason.Key}");
        return (IReadOnlyList<Counterfactual>)all;
    });

    /// <summary>
    /// Predicts originals and counterfactuals and finds, on validation, the edit kinds each model is weak to. A shard predicts
    /// its sources' images and returns no outcome: the stress test without a shard reads every shard's predictions and finds them.
    /// </summary>
    public Task<IReadOnlyList<StressTestOutcome>> StressTestAsync(IProgress<StageEvent>? progress = null, CancellationToken cancel = default) => Stage("stress-test", progress, async reporter =>
    {
        var data = Data(reporter, cancel);
        var outcomes = new List<StressTestOutcome>();
        if (Shard is not null)
        {
            for (int m = 0; m < Options.Models.Count; m++)
            {
                using var shardStages = ModelRun(m, data, reporter);
                await shardStages.PredictShardAsync(cancel).ConfigureAwait(false);
            }
            return (IReadOnlyList<StressTestOutcome>)outcomes;
        }
        for (int m = 0; m < Options.Models.Count; m++)
        {
            using var stages = ModelRun(m, data, reporter);
            var (val, test) = await stages.StressTestAsync(cancel).ConfigureAwait(false);
            reporter.Info($"Stress test ({Options.Models[m].Tag}): acc_orig {Core.Metrics.Percent.Format(test.AccOrig)}, acc_cf {Core.Metrics.Percent.Format(test.AccCf, Core.Metrics.Percent.NoCounterfactuals)} on test; "
                + "kinds flagged on validation: " + (val.WeakKinds.Count > 0 ? string.Join(", ", val.WeakKinds) : "none"));
            outcomes.Add(new StressTestOutcome(Options.Models[m].Tag, val, test));
        }
        return (IReadOnlyList<StressTestOutcome>)outcomes;
    });

    /// <summary>
    /// Reinforces each trainable model against its baselines at every budget, and judges the repairs on held-out images. A
    /// shard only makes the counterfactuals of its train sources that the selections will use (the targeted selection's mining
    /// candidates among them) and returns no row; the reinforce without a shard finds them made.
    /// </summary>
    public Task<IReadOnlyList<ReinforcementRow>> ReinforceAsync(IProgress<StageEvent>? progress = null, CancellationToken cancel = default) => Stage("reinforce", progress, async reporter =>
    {
        if (Options.Models.All(m => m.Onnx is not null))
            throw new InvalidOperationException($"{string.Join(", ", Options.Models.Select(m => m.Onnx))} can be stress-tested but not reinforced: reinforcement needs trainable weights (--arch with --weights), not an ONNX graph.");
        var data = Data(reporter, cancel);
        var rows = new List<ReinforcementRow>();
        if (Shard is not null)
        {
            // A shard makes its train sources' counterfactuals that the selections will ask for; training needs every image at once.
            for (int m = 0; m < Options.Models.Count; m++)
            {
                if (Options.Models[m].Onnx is not null) continue;
                using var shardStages = ModelRun(m, data, reporter);
                await shardStages.GenerateForReinforcementAsync(cancel).ConfigureAwait(false);
            }
            return (IReadOnlyList<ReinforcementRow>)rows;
        }
        for (int m = 0; m < Options.Models.Count; m++)
        {
            if (Options.Models[m].Onnx is not null)
            {
                reporter.Info($"{Options.Models[m].Onnx} is an ONNX classifier: it can be stress-tested, not reinforced (that needs trainable weights).");
                continue;
            }
            using var stages = ModelRun(m, data, reporter);
            rows.AddRange(await stages.ReinforceAsync(cancel).ConfigureAwait(false));
        }
        return (IReadOnlyList<ReinforcementRow>)rows;
    });

    /// <summary>
    /// The closed loop on each trainable model: reinforce with the smallest budget, stress-test the reinforced model on
    /// fresh counterfactuals of validation sources, and repeat with a larger budget until no kind is flagged or the cap is
    /// reached. Needs the stress test; re-uses reinforcement rows already made with the same method, selection and K.
    /// </summary>
    public Task<IReadOnlyList<HardenResult>> HardenAsync(HardenOptions? harden = null, IProgress<StageEvent>? progress = null, CancellationToken cancel = default) =>
        Stage("harden", progress, async reporter =>
        {
            Whole("harden");
            harden ??= new HardenOptions();
            var data = Data(reporter, cancel);
            var captioned = CaptionStage.Apply(run, data, Sources(data, reporter), reporter);
            int train = data.InSplit(Splits.Train).Count();
            var start = harden.StartBudget is { } given ? Budget.Resolve(given, train, "--start-budget")
                : Options.Reinforcement.Budgets.Select(b => Budget.Resolve(b, train)).Min();
            var settings = new HardenSettings(start, Budget.Resolve(harden.MaxBudget, train, "--max-budget"), harden.Growth, harden.Method, harden.Selection);
            if (settings.Growth <= 1) throw new ArgumentException($"--growth {settings.Growth}: each round's budget must grow (a factor above 1, e.g. 2).");
            registries.Reinforcement.Methods.Create(settings.Method);
            registries.Reinforcement.Selections.Create(settings.Selection);
            var results = new List<HardenResult>();
            for (int m = 0; m < Options.Models.Count; m++)
            {
                if (Options.Models[m].Onnx is not null)
                {
                    reporter.Info($"{Options.Models[m].Onnx} is an ONNX classifier: it can be stress-tested, not hardened (that needs trainable weights).");
                    continue;
                }
                using var stages = ModelRun(m, captioned, reporter);
                // Each round proposes its fresh edits with a seed of its own, so its words differ from the run's and other rounds'.
                ICaptionPerturber FreshPerturber(int k) => registries.Perturbers.Create(Options.Edits.Perturber,
                    new BackendContext(Options with { Seed = StableHash.Seed(Options.Seed, "harden", k) }, run, reporter, () => Data(reporter, CancellationToken.None)));
                results.Add(await stages.HardenAsync(settings, FreshPerturber, cancel).ConfigureAwait(false));
            }
            return (IReadOnlyList<HardenResult>)results;
        });

    /// <summary>Writes summary.json and report.html from the finished stages.</summary>
    public Task<RunResult> ReportAsync(IProgress<StageEvent>? progress = null, CancellationToken cancel = default) =>
        ReportAsync(progress, cancel, current: null);

    private async Task<RunResult> ReportAsync(IProgress<StageEvent>? progress, CancellationToken cancel, VerbRun? current)
    {
        Whole("report");
        var watch = Stopwatch.StartNew();
        var reporter = new StageProgress(progress);
        var result = await Task.Run(() =>
        {
            var data = Data(reporter, cancel);
            var models = new List<ModelSummary>();
            for (int m = 0; m < Options.Models.Count; m++)
            {
                using var stages = ModelRun(m, data, reporter);
                var found = stages.Result();
                models.Add(Summary.OfModel(found) with { Clusters = EditClusters.OfTest(run, data, found.ModelTag, Options.Seed, reporter), Harden = stages.HardenFound(),
                    MaxOrigDrop = Options.Reinforcement.MaxOriginalDrop, BlendRule = Options.Reinforcement.BlendRule });
            }
            var history = VerbHistory.Read(run);
            var thisCall = current ?? new VerbRun("report", command, watch.Elapsed.TotalSeconds);
            // A whole run reproduces by itself; a run made stage by stage by its stages in order.
            var earlier = history.Where(v => v.Verb != "report" && !v.InRun).ToList();
            var verbs = thisCall.Verb == "run" ? [thisCall] : earlier.Append(thisCall).ToList();
            int Count(string split) => data.InSplit(split).Count();
            var summary = new Summary(Options.Seed, new DataSource(run, Options.Data).Shortcut, models[0].Model,
                Math.Round(earlier.Sum(v => v.Seconds) + thisCall.Seconds, 1),
                new SplitCounts(Count(Splits.Train), Count(Splits.Val), Count(Splits.Test), Count(Splits.TestBalanced), Count(Splits.Extra)),
                models[0].StressTest, models[0].Reinforcement, models,
                string.Join(" && ", verbs.Select(v => v.Command).Distinct()), verbs.Count > 1 ? verbs : null,
                GenerationOf(ShardedLog.ReadLog<Counterfactual>(run.CounterfactualsFile)), models[0].Harden);
            Json.WriteFile(run.SummaryJson, summary);
            HtmlReport.Write(run, data, summary);
            return new RunResult(summary, run.SummaryJson, run.ReportHtml);
        }, cancel).ConfigureAwait(false);
        VerbHistory.Append(run, current is null ? new VerbRun("report", command, watch.Elapsed.TotalSeconds) : current with { Seconds = current.Seconds + watch.Elapsed.TotalSeconds });
        return result;
    }

    public void Dispose() => claim.Dispose();

    /// <summary>What the generator made (every counterfactual of the run: its one editor's), and the model set it ran when it had one.</summary>
    private GenerationSummary GenerationOf(IReadOnlyList<Counterfactual> made)
    {
        var modelSet = made.Select(c => System.Text.RegularExpressions.Regex.Match(c.Editor, @"\bmodels=([0-9a-f]+)")).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        return GenerationSummary.Of(EditorName, modelSet, made.GroupBy(c => c.EditId).Select(g => g.Last()).ToList());
    }

    /// <summary>Runs one stage and records it, with its wall time, in the run's history once it finishes.</summary>
    private async Task<T> Stage<T>(string name, IProgress<StageEvent>? progress, Func<StageProgress, Task<T>> work)
    {
        var watch = Stopwatch.StartNew();
        var result = await work(new StageProgress(progress)).ConfigureAwait(false);
        VerbHistory.Append(run, new VerbRun(name, command, Math.Round(watch.Elapsed.TotalSeconds, 1), _inRun), Shard);
        return result;
    }

    private Task Stage(string name, IProgress<StageEvent>? progress, Func<StageProgress, Task> work) =>
        Stage(name, progress, async reporter => { await work(reporter).ConfigureAwait(false); return 0; });

    private Dataset Data(StageProgress reporter, CancellationToken cancel) =>
        dataset ??= DatasetIndex.LoadOrCreate(run, Options.Data, Options.Seed, reporter, cancel, mayCreate: Shard is null);

    internal BackendContext Context(StageProgress reporter) => new(Options, run, reporter, () => Data(reporter, CancellationToken.None), Shard);

    /// <summary>Stages that need every item at once (training, reinforcement, the report) run only in a pipeline that holds the whole run.</summary>
    private void Whole(string stage)
    {
        if (Shard is { } shard)
            throw new InvalidOperationException($"{stage} does not run in shards (shard {shard}): it needs every item at once; run it without --shard.");
    }

    private IReadOnlyList<Sample> Sources(Dataset data, StageProgress reporter)
    {
        using var stages = ModelRun(0, data, reporter);
        return stages.CaptionedSources();
    }

    private ClassifierContext ClassifierContext(ModelOptions model, Dataset data, bool withGivenWeights) =>
        new(Context(StageProgress.Silent), model, ModelRecipe.Of(model, Options.Seed, new DataSource(run, Options.Data).NativeImageSize), data.Classes, withGivenWeights);

    private Core.Classification.IClassifier OnnxClassifier(ModelOptions model, Dataset data) =>
        new Vision.Onnx.OnnxClassifier(model.Onnx!, data.Classes,
            CounterforgeRegistries.PreprocessingOf(model, ModelRecipe.Of(model, Options.Seed, new DataSource(run, Options.Data).NativeImageSize).ImageSize));

    /// <summary>One model's stages on the data, with the backends named in the options (each made only when a stage needs it).</summary>
    private ModelRun ModelRun(int m, Dataset data, StageProgress reporter)
    {
        var model = Options.Models[m];
        var context = Context(reporter);
        var backends = new ModelRunBackends(
            model.Onnx is null ? () => registries.Classifiers.Create(model.Architecture, ClassifierContext(model, data, withGivenWeights: false)) : null,
            () => registries.Perturbers.Create(Options.Edits.Perturber, context),
            () => registries.Editors.Create(EditorName, context),
            () => registries.Filters.Create(Options.Generation.Filter, context),
            model.Onnx is null ? null : () => OnnxClassifier(model, data),
            ReferenceEditor(context));
        return new ModelRun(run, data, backends, Settings(model, data), reporter, registries.Reinforcement, Shard);
    }

    /// <summary>On the scenes world, the exact renderer beside any other editor: every model is judged on its images of the test edits too.</summary>
    private Func<Core.Generation.IImageEditor>? ReferenceEditor(BackendContext context) =>
        new DataSource(run, Options.Data).IsScenes && EditorName != "scene" ? () => registries.Editors.Create("scene", context) : null;

    internal string EditorName => Options.Generation.Editor ?? (new DataSource(run, Options.Data).IsScenes ? "scene" : "composite");

    private ModelRunSettings Settings(ModelOptions model, Dataset data)
    {
        var source = new DataSource(run, Options.Data);
        var recipe = ModelRecipe.Of(model, Options.Seed, source.NativeImageSize);
        int train = data.InSplit(Splits.Train).Count();
        var reinforcement = Options.Reinforcement;
        return new ModelRunSettings(Options.Seed, model.Tag, recipe.LinearProbe, recipe.Baseline, recipe.FineTune, Options.Stress.Sources,
            reinforcement.Budgets.Select(b => Budget.Resolve(b, train)).Distinct().Order().ToList(),
            reinforcement.Methods, reinforcement.Selections, reinforcement.ReinforceAnyway, reinforcement.AddedShare,
            reinforcement.TargetedCandidates, GroupAttribute(data, source), Options.Stress.MinimumEffect, reinforcement.MaxOriginalDrop,
            reinforcement.BlendRule);
    }

    /// <summary>The attribute that groups images: one some images must carry (a manifest column kept as an attribute).</summary>
    private static string? GroupAttribute(Dataset data, DataSource source)
    {
        if (source.GroupBy is not { } column) return null;
        if (data.Samples.Any(s => s.Attributes?.ContainsKey(column) == true)) return column;
        var known = data.Samples.SelectMany(s => s.Attributes?.Keys ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
        throw new ArgumentException($"--group-by '{column}': no image of {source.Path} has that column"
            + (known.Count > 0 ? $"; the manifest's extra columns are: {string.Join(", ", known)}." : "; its manifest has no extra columns (only a manifest can give images attributes)."));
    }
}

/// <summary>The stages of a pipeline, for saying which are about to run (their backends are checked when it opens).</summary>
[Flags]
public enum PipelineStages
{
    None = 0,
    Train = 1,
    Caption = 2,
    Perturb = 4,
    Generate = 8,
    StressTest = 16,
    Reinforce = 32,
    Report = 64,
    All = Train | Caption | Perturb | Generate | StressTest | Reinforce | Report,
}

/// <summary>One model's stress test: what validation flagged, and the numbers on test.</summary>
public sealed record StressTestOutcome(string Model, StressTestResult Validation, StressTestResult Test);

/// <summary>A finished run: its summary (what summary.json holds) and where the summary and the report are.</summary>
public sealed record RunResult(Summary Summary, string SummaryPath, string ReportPath)
{
    /// <summary>The edit kinds flagged on validation for the first model.</summary>
    public IReadOnlyList<string> Weaknesses => Summary.Models[0].FlaggedOnValidation;
}
