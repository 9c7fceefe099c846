using System.CommandLine;
using Counterforge.Cli.Demo;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Cli.Commands;

/// <summary><c>counterforge demo</c>: the whole method, offline, on the scenes world.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "400 train images at 128 px, the pretrained model only, K = 5 % (under 3 minutes on 2 cores)." };
        var seed = new Option<int>("--seed") { Description = "Seed for the world, the models and every selection.", DefaultValueFactory = _ => 1 };
        var shortcut = ShortcutOption.Create();
        var output = new Option<DirectoryInfo?>("--out") { Description = "Run folder (default runs/demo-seed<N>); re-running on it resumes." };
        var models = new Option<string[]?>("--models") { Description = "Classifier architectures to run (default: resnet18-pretrained, and resnet18 unless --quick).", AllowMultipleArgumentsPerToken = true };
        var trainCount = new Option<int?>("--train-count") { Description = "Train images (default 400 with --quick, else 2000)." };
        var size = new Option<int?>("--size") { Description = "Image side in pixels (default 128 with --quick, else 64)." };
        var epochs = new Option<int?>("--epochs") { Description = "Baseline epochs for models trained from scratch." };
        var fineTuneEpochs = new Option<int?>("--finetune-epochs") { Description = "Epochs of the full fine-tune over originals plus the repeated added images (default 3 for the pretrained model, 2 from scratch)." };
        var fineTuneRate = new Option<double?>("--finetune-lr") { Description = "Learning rate of the full fine-tune (default 0.001 for the pretrained model, 0.01 from scratch)." };
        var minimumEffect = new Option<double?>("--min-effect") { Description = "How far (0..1) a kind's flip rate must exceed the null-edit control's to be a weakness (default 0.10)." };
        var precision = PrecisionOption.Create();
        var editor = new Option<string>("--editor")
        {
            Description = "Counterfactual editor: scene (exact re-render) or a diffusion editor (sdedit, ddim-inversion, diffedit, virtual-inversion) " +
                          "on the shipped miniature scenes model, its results filtered by the attribute oracle.",
            DefaultValueFactory = _ => Demo.DemoSettings.ExactEditor,
        };
        var keepSourceDetail = new Option<bool>("--keep-source-detail")
        {
            Description = "With a diffusion editor: return the source plus the model's change, so what the model left alone keeps the source's pixels.",
        };
        var command = new Command("demo",
            "Plant a shortcut in a synthetic world, train a classifier on it, find the shortcut with counterfactual images, and remove it with a few of them.\n\n" +
            "Examples:\n  counterforge demo --quick\n  counterforge demo --quick --seed 2 --shortcut color:0.95 --out runs/color\n  counterforge demo --quick --editor sdedit --out runs/sdedit\n  counterforge demo --models resnet18 small-cnn")
        {
            quick, seed, shortcut, output, models, trainCount, size, epochs, fineTuneEpochs, fineTuneRate, minimumEffect, precision, editor, keepSourceDetail,
        };
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            var settings = DemoSettings.Preset(result.GetValue(quick), result.GetValue(seed), result.GetValue(shortcut)!,
                result.GetValue(trainCount), result.GetValue(size), result.GetValue(epochs), result.GetValue(models),
                result.GetValue(fineTuneEpochs), result.GetValue(fineTuneRate), result.GetValue(minimumEffect), result.GetValue(precision)!)
                with { Editor = result.GetValue(editor)!, KeepSourceDetail = result.GetValue(keepSourceDetail) };
            var folder = result.GetValue(output)?.FullName ?? Path.Combine("runs", $"demo-seed{settings.Seed}");
            var run = new RunFolder(folder);
            var line = "counterforge " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
            var summary = new DemoRunner(settings, run, new StageProgress(), line).Run();
            KeyTable.Print(summary);
            Console.WriteLine($"Wrote {run.SummaryJson} and {run.ReportHtml}");
        }));
        return command;
    }
}
