using System.CommandLine;
using Counterforge.Cli.Demo;
using Counterforge.Cli.Stages;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Cli.Commands;

/// <summary>One verb per stage (train, caption, perturb, generate, stress-test, reinforce, report) and `run`, which chains them.</summary>
internal static class StageCommands
{
    private const string Example = "counterforge run --data photos --masks masks --backgrounds bank --out runs/photos";

    public static IEnumerable<Command> Create()
    {
        yield return Verb("train", "Train the baseline classifier on the train split, or take --weights as it, or --onnx to stress-test.",
            "counterforge train --data photos --masks masks --backgrounds bank --out runs/photos",
            Sections.Data | Sections.Model, o => [.. o.DataGroup, .. o.ModelGroup], f => f.Train());
        yield return Verb("caption", "Caption the images the method edits (the dataset's captions, or \"a photo of a {class}\").",
            "counterforge caption --out runs/photos",
            Sections.Data | Sections.Captions | Sections.Stress, o => [.. o.DataGroup, .. o.CaptionGroup, o.StressSources], f => f.Caption());
        yield return Verb("perturb", "Propose edits of each caption that leave the class subject alone, plus a null edit per image.",
            "counterforge perturb --out runs/photos --perturber lexicon --edits-per-kind 2",
            Sections.Data | Sections.Edits | Sections.Stress, o => [.. o.DataGroup, .. o.EditGroup, o.StressSources], f => f.Perturb());
        yield return Verb("generate", "Make and filter the counterfactual image of every validation and test edit.",
            "counterforge generate --out runs/photos --editor composite",
            Sections.Data | Sections.Generation, o => [.. o.DataGroup, .. o.GenerationGroup], f => f.Generate());
        yield return Verb("stress-test", "Predict originals and counterfactuals and find the edit kinds that flip the classifier.",
            "counterforge stress-test --out runs/photos",
            Sections.Data | Sections.Stress, o => [o.GroupBy, .. o.StressGroup], f => f.StressTest(), Sections.Model);
        yield return Verb("reinforce", "Fine-tune with K counterfactuals of the flagged kinds, against its baselines, and judge on held-out images.",
            "counterforge reinforce --out runs/photos --budgets 5% 10%",
            Sections.Data | Sections.Stress | Sections.Reinforcement, o => o.ReinforceGroup, f => f.Reinforce(), Sections.Model);
        yield return Verb("report", "Write summary.json and report.html from the finished stages.",
            "counterforge report --out runs/photos",
            Sections.Data, _ => [], f => PrintSummary(f.Report(), f), Sections.Model);
        yield return Verb("run", "Every stage in order: train (unless --weights or --onnx), caption, perturb, generate, stress-test, reinforce (unless --onnx), report.",
            Example, Sections.All,
            o => [.. o.DataGroup, .. o.ModelGroup, .. o.CaptionGroup, .. o.EditGroup, .. o.GenerationGroup, .. o.StressGroup, .. o.ReinforceGroup],
            f =>
            {
                f.Train();
                f.Caption();
                f.Perturb();
                f.Generate();
                f.StressTest();
                if (f.Reinforceable) f.Reinforce();
                PrintSummary(f.Report(), f);
            });
    }

    private static Command Verb(string name, string description, string example, Sections sections,
        Func<StageOptions, IEnumerable<Option>> own, Action<FolderRun> act, Sections required = 0)
    {
        var options = new StageOptions();
        var command = new Command(name, $"{description}\n\nExample:\n  {example}");
        foreach (var option in options.Common.Concat(own(options)).Distinct()) command.Options.Add(option);
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            var run = new RunFolder(result.GetValue(options.Out)!.FullName);
            using var claim = run.Lock();
            var recorded = RunSpec.Read(run);
            var spec = SpecResolver.Resolve(result, options, recorded, new RunResults(run, recorded), run.RunJson, sections, required);
            var progress = new StageProgress(new Terminal.ConsoleProgress());
            SpecCheck.Validate(run, spec, sections, progress);
            spec.Write(run);
            var line = "counterforge " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            act(new FolderRun(run, spec, progress, line, name));
            // Only finished verbs are recorded: a report made later reproduces the run from them and adds up their time.
            VerbHistory.Append(run, new VerbRun(name, line, Math.Round(watch.Elapsed.TotalSeconds, 1)));
        }));
        return command;
    }

    /// <summary>The key numbers, then where the whole report is: the last line a user sees.</summary>
    private static void PrintSummary(Core.Pipeline.Summary summary, FolderRun folder)
    {
        KeyTable.Print(summary);
        Console.WriteLine($"Wrote {folder.Run.SummaryJson} and {folder.Run.ReportHtml}");
    }
}
