using Counterforge.Core.Classification;
using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Metrics;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Report.Tests.Fixtures;

/// <summary>
/// A run made the way the demo makes one, through the real stages (perturb, generate, baseline, stress test, last-layer
/// reinforcement and DFR at two budgets), on the swatch world with the pixel classifier: seconds instead of minutes, and
/// every file the report reads written by the code that writes it in a real run.
/// </summary>
internal static class DemoLikeRun
{
    public static readonly IReadOnlyList<string> FriendlyClasses = ["circle", "heart", "star"];
    public static readonly IReadOnlyList<string> FriendlyBackgrounds = ["grass", "sand", "water"];

    public sealed record Made(RunFolder Run, Dataset Data, Summary Summary);

    /// <param name="testSources">Test images; each makes one pair per other background, one shade pair and one null pair.</param>
    public static Made Make(string root, IReadOnlyList<string>? classes = null, IReadOnlyList<string>? backgrounds = null, int testSources = 60, int seed = 7)
    {
        var world = new SwatchWorld(classes ?? FriendlyClasses, backgrounds ?? FriendlyBackgrounds);
        var run = new RunFolder(root);
        var data = world.Make(run.DataDirectory, new Dictionary<string, int>
        {
            [Splits.Train] = 150, [Splits.Extra] = 30, [Splits.Val] = 90, [Splits.Test] = testSources, [Splits.TestBalanced] = 45,
        }, seed);
        var components = new ModelRunBackends(() => new PixelClassifier(world.Classes), () => new SwatchWorld.Perturber(world),
            () => new SwatchWorld.Editor(world), () => new AcceptAllFilter());
        var config = new ModelRunSettings(seed, "pixels", LinearProbeBaseline: true, new TrainingOptions(0), new TrainingOptions(0),
            StressSources: Math.Max(testSources, 90), Budgets: [8, 24], Methods: ["last-layer", "dfr"], GroupAttribute: SwatchWorld.Background);
        ModelRunResult result;
        // A fixture is made in a constructor, which cannot await.
        using (var stages = new ModelRun(run, data, components, config, StageProgress.Silent)) result = stages.RunAsync().GetAwaiter().GetResult();

        var model = Summary.OfModel(result) with { Clusters = Clusters(run, data, result.ModelTag) };
        int Count(string split) => data.InSplit(split).Count();
        var summary = new Summary(seed, new ShortcutInfo(SwatchWorld.Background, 0.9), model.Model, 1.5,
            new SplitCounts(Count(Splits.Train), Count(Splits.Val), Count(Splits.Test), Count(Splits.TestBalanced), Count(Splits.Extra)),
            model.StressTest, model.Reinforcement, [model], $"counterforge-test swatch --seed {seed}");
        Json.WriteFile(run.SummaryJson, summary);
        return new Made(run, data, summary);
    }

    /// <summary>Stand-ins for the sentence-embedding clusters (per class, one per target word): enough for the FDR flags to have a family.</summary>
    private static IReadOnlyList<ClusterSummary> Clusters(RunFolder run, Dataset data, string tag)
    {
        var predictions = JsonlFile.ReadAll<PredictionRecord>(run.Predictions($"{tag}-{Splits.Test}")).ToDictionary(p => p.ImageId);
        var pairs = JsonlFile.ReadLog<Counterfactual>(run.CounterfactualsFile).Where(c => c.Accepted && predictions.ContainsKey(c.EditId) && predictions.ContainsKey(c.SourceId))
            .Select(c => new PairOutcome(c.EditId, c.SourceId, c.Kind, c.From, c.To, predictions[c.SourceId].Label, predictions[c.SourceId].Probs, predictions[c.EditId].Probs)).ToList();
        var control = EditStats.Of(pairs.Where(p => p.Kind == Edit.NullKind).ToList());
        return ClusterSummary.OfAll(pairs.Where(p => p.Kind != Edit.NullKind).GroupBy(p => (Class: data.Classes[p.Label], p.Kind, Word: p.To ?? ""))
            .OrderBy(g => g.Key.Class, StringComparer.Ordinal).ThenBy(g => g.Key.Word, StringComparer.Ordinal)
            .Select(g => (g.Key.Class, $"{g.Key.Kind} → {g.Key.Word}", g.Key.Kind, EditStats.Of(g.ToList()))).ToList(), control);
    }
}
