using System.Diagnostics;
using Counterforge.Core.Data;
using Counterforge.Core.Generation;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;
using Counterforge.Cli.Stages;
using Counterforge.Language;
using Counterforge.Report;
using Counterforge.Scenes;
using Counterforge.Vision;

namespace Counterforge.Cli.Demo;

/// <summary>
/// The whole story on the scenes world: render a biased dataset, train the classifier(s), stress-test them, reinforce
/// them, and write summary.json and report.html. Every stage is resumable through the run folder.
/// </summary>
internal sealed class DemoRunner(DemoSettings settings, RunFolder run, StageProgress progress, string command)
{
    public Summary Run()
    {
        var watch = Stopwatch.StartNew();
        using var claim = run.Lock();
        RunRecord.CheckOrWrite(run, settings, command);
        var dataset = MakeDataset();
        var perturber = new LexiconPerturber(SceneGrammar.Lexicon, settings.EditsPerKind, settings.Seed);
        using var generator = DemoGenerator.Create(settings);
        var results = new List<LoopResult>();
        foreach (var model in settings.Models)
        {
            progress.Info($"== {model.Architecture} ({settings.Precision}) ==");
            var components = new LoopComponents(
                () => ClassifierRegistry.Create(new ClassifierOptions(model.Architecture, dataset.Classes)
                {
                    Seed = settings.Seed, ImageSize = settings.ImageSize, Precision = ComputePrecisions.Parse(settings.Precision),
                }),
                () => perturber, generator.CreateEditor, generator.CreateFilter);
            var config = new LoopConfig(settings.Seed, model.Architecture, model.LinearProbe, model.Baseline, model.FineTune,
                settings.StressSources, model.Budgets,
                TargetedCandidates: settings.TargetedCandidates,
                GroupAttribute: settings.Shortcut.Kind == "none" ? null : settings.Shortcut.Kind,
                MinimumEffect: settings.MinimumEffect);
            using var stages = new LoopStages(run, dataset, components, config, progress);
            results.Add(stages.Run());
        }
        var models = results.Select(r => Summary.OfModel(r) with { Clusters = EditClusters.OfTest(run, dataset, r.ModelTag, settings.Seed, progress) }).ToList();
        var summary = new Summary(settings.Seed, settings.Shortcut, models[0].Model, Math.Round(watch.Elapsed.TotalSeconds, 1),
            new SplitCounts(Count(dataset, Splits.Train), Count(dataset, Splits.Val), Count(dataset, Splits.Test), Count(dataset, Splits.TestBalanced), Count(dataset, Splits.Extra)),
            models[0].StressTest, models[0].Reinforcement, models, command, generator.Summary(run));
        Json.WriteFile(run.SummaryJson, summary);
        HtmlReport.Write(run, dataset, summary);
        return summary;
    }

    private Dataset MakeDataset()
    {
        var options = new SceneDatasetOptions(run.DataDirectory, settings.TrainCount)
        {
            ImageSize = settings.ImageSize,
            Shortcut = settings.Shortcut.Kind,
            ShortcutProbability = settings.Shortcut.P,
            Seed = settings.Seed,
        };
        options.Validate();
        if (Dataset.Exists(run.DataDirectory) && File.Exists(Path.Combine(run.DataDirectory, SceneDatasetMaker.InfoFile)))
            return Dataset.Load(run.DataDirectory);
        int total = Splits.All.Sum(options.CountOf);
        return progress.Run("Rendering scenes", total, p => SceneDatasetMaker.Make(options, p)).Dataset;
    }

    private static int Count(Dataset data, string split) => data.InSplit(split).Count();
}
