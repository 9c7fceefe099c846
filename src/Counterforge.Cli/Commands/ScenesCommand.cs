using System.CommandLine;
using Counterforge.Core.Progress;
using Counterforge.Scenes;

namespace Counterforge.Cli.Commands;

/// <summary><c>counterforge scenes make</c>: writes a scenes dataset (PNGs, manifest.jsonl, classes.txt, scenes.json).</summary>
internal static class ScenesCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the dataset into (resumable).", Required = true };
        var count = new Option<int>("--count") { Description = "Train images; val = count/4, test = count/2, test-balanced = count/2, extra = count/4.", DefaultValueFactory = _ => 1000 };
        var size = new Option<int>("--size") { Description = "Image side in pixels.", DefaultValueFactory = _ => 64 };
        var shortcut = ShortcutOption.Create();
        var seed = new Option<int>("--seed") { Description = "Master seed.", DefaultValueFactory = _ => 1 };
        var make = new Command("make", "Render a dataset with a known shortcut.\n\nExample:\n  counterforge scenes make --out data/scenes --count 1000 --size 64 --shortcut background:0.95 --seed 1")
        {
            output, count, size, shortcut, seed,
        };
        make.SetAction((result, cancel) =>
        {
            var options = new SceneDatasetOptions(result.GetValue(output)!.FullName, result.GetValue(count))
            {
                ImageSize = result.GetValue(size),
                Shortcut = result.GetValue(shortcut)!.Kind,
                ShortcutProbability = result.GetValue(shortcut)!.P,
                Seed = result.GetValue(seed),
            };
            return CommandErrors.GuardAsync(() =>
            {
                options.Validate();
                var total = Counterforge.Core.Data.Splits.All.Sum(options.CountOf);
                var made = new StageProgress(new Terminal.ConsoleProgress()).Run("Rendering scenes", total, p => SceneDatasetMaker.Make(options, p));
                Console.WriteLine($"{made.Dataset.Samples.Count} images in {options.OutputDirectory} ({made.Written} written, {made.Unchanged} already there)");
                return Task.CompletedTask;
            });
        });
        return new Command("scenes", "The embedded synthetic world.") { make, TrainDiffusionCommand.Create() };
    }
}
