using System.CommandLine;
using Counterforge.Cli.Demo;
using Counterforge.Cli.Stages;
using Counterforge.Cli.Terminal;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Options;

namespace Counterforge.Cli.Commands;

/// <summary>One verb per stage (train, caption, perturb, generate, stress-test, reinforce, report) and `run`, which chains them.</summary>
internal static class StageCommands
{
    private const string Example = "counterforge run --data photos --masks masks --backgrounds bank --out runs/photos";

    public static IEnumerable<Command> Create()
    {
        yield return Verb("train", "Train the baseline classifier on the train split, or take --weights as it, or --onnx to stress-test.",
            "counterforge train --data photos --masks masks --backgrounds bank --out runs/photos",
            PipelineStages.Train, o => [.. o.DataGroup, .. o.ModelGroup], (p, e, c) => p.TrainAsync(e, c));
        yield return Verb("caption", "Caption the images the method edits (the dataset's captions, or \"a photo of a {class}\").",
            "counterforge caption --out runs/photos",
            PipelineStages.Caption, o => [.. o.DataGroup, .. o.CaptionGroup, o.StressSources, o.Shard], (p, e, c) => p.CaptionAsync(e, c));
        yield return Verb("perturb", "Propose edits of each caption that leave the class subject alone, plus a null edit per image.",
            "counterforge perturb --out runs/photos --perturber lexicon --edits-per-kind 2",
            PipelineStages.Perturb, o => [.. o.DataGroup, .. o.EditGroup, o.StressSources, o.Shard], (p, e, c) => p.PerturbAsync(e, c));
        yield return Verb("generate", "Make and filter the counterfactual image of every validation and test edit.",
            "counterforge generate --out runs/photos --editor composite",
            PipelineStages.Generate, o => [.. o.DataGroup, .. o.GenerationGroup, o.Shard], (p, e, c) => p.GenerateAsync(e, c));
        yield return Verb("stress-test", "Predict originals and counterfactuals and find the edit kinds that flip the classifier.",
            "counterforge stress-test --out runs/photos",
            PipelineStages.StressTest, o => [o.GroupBy, .. o.StressGroup, o.Shard], (p, e, c) => p.StressTestAsync(e, c), needsEarlierStage: true);
        yield return Verb("reinforce", "Fine-tune with K counterfactuals of the flagged kinds, against its baselines, and judge on held-out images.",
            "counterforge reinforce --out runs/photos --budgets 5% 10%",
            PipelineStages.Reinforce, o => [.. o.ReinforceGroup, o.Shard], (p, e, c) => p.ReinforceAsync(e, c), needsEarlierStage: true);
        yield return Verb("report", "Write summary.json and report.html from the finished stages.",
            "counterforge report --out runs/photos",
            PipelineStages.Report, _ => [], async (p, e, c) => Print(await p.ReportAsync(e, c)), needsEarlierStage: true);
        var harden = new HardenCommandOptions();
        yield return Verb("harden", "Reinforce with the smallest budget, stress-test the result on fresh counterfactuals, and repeat with larger budgets until no kind is flagged or --max-budget is reached.",
            "counterforge harden --out runs/photos --max-budget 20%",
            PipelineStages.Reinforce, o => [.. o.ReinforceGroup.Where(x => x != o.Budgets && x != o.Methods && x != o.Selections), .. harden.All],
            async (p, r, e, c) => { await p.HardenAsync(harden.From(r), e, c); Print(await p.ReportAsync(e, c)); }, needsEarlierStage: true);
        yield return Verb("run", "Every stage in order: train (unless --weights or --onnx), caption, perturb, generate, stress-test, reinforce (unless --onnx), report.",
            Example, PipelineStages.All,
            o => [.. o.DataGroup, .. o.ModelGroup, .. o.CaptionGroup, .. o.EditGroup, .. o.GenerationGroup, .. o.StressGroup, .. o.ReinforceGroup],
            async (p, e, c) => Print(await p.RunAsync(e, c)));
        yield return Verb("settings", "Record settings in RUN/run.json and run no stage: what the later verbs, and the shards of a cluster job, run with.",
            "counterforge settings --data photos --masks masks --backgrounds bank --editor composite --out runs/photos", PipelineStages.None,
            o => [.. o.DataGroup, .. o.ModelGroup, .. o.CaptionGroup, .. o.EditGroup, .. o.GenerationGroup, .. o.StressGroup, .. o.ReinforceGroup],
            (p, _, _) =>
            {
                System.Console.WriteLine($"Settings recorded in {Path.Combine(p.RunFolder, "run.json")}");
                return Task.CompletedTask;
            });
    }

    private static Command Verb(string name, string description, string example, PipelineStages stages,
        Func<StageOptions, IEnumerable<Option>> own, Func<CounterforgePipeline, IProgress<StageEvent>, CancellationToken, Task> act, bool needsEarlierStage = false) =>
        Verb(name, description, example, stages, own, (p, _, e, c) => act(p, e, c), needsEarlierStage);

    /// <param name="needsEarlierStage">The verb reads what train made: on a folder with no run yet it says to run train first.</param>
    private static Command Verb(string name, string description, string example, PipelineStages stages,
        Func<StageOptions, IEnumerable<Option>> own, Func<CounterforgePipeline, ParseResult, IProgress<StageEvent>, CancellationToken, Task> act, bool needsEarlierStage = false)
    {
        var options = new StageOptions();
        var command = new Command(name, $"{description}\n\nExample:\n  {example}");
        foreach (var option in options.Common.Concat(own(options)).Distinct()) command.Options.Add(option);
        command.SetAction((result, cancel) => CommandErrors.GuardAsync(async () =>
        {
            var folder = result.GetValue(options.Out)!.FullName;
            var recorded = CounterforgePipeline.Recorded(folder);
            if (recorded is null && needsEarlierStage)
                throw new MissingStageException("train", folder, $"{Path.Combine(folder, "run.json")} is missing");
            var given = CommandLineOptions.Apply(result, options, recorded ?? new CounterforgeOptions(), recorded is not null);
            var line = "counterforge " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
            using var pipeline = result.GetValue(options.Shard) is { } shard
                ? CounterforgePipeline.OpenShard(folder, Core.Runs.Shard.Parse(shard), given, checkFor: stages, command: line)
                : CounterforgePipeline.Open(folder, given, checkFor: stages, command: line);
            await act(pipeline, result, new ConsoleProgress(), cancel);
        }));
        return command;
    }

    /// <summary>The key numbers, then where the whole report is (the last line a user reads).</summary>
    private static void Print(RunResult result)
    {
        KeyTable.Print(result.Summary);
        System.Console.WriteLine($"Summary: {result.SummaryPath}");
        System.Console.WriteLine($"Report: {result.ReportPath}");
    }
}
