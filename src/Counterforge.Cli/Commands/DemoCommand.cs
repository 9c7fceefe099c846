using System.CommandLine;
using Counterforge.Cli.Demo;
using Counterforge.Cli.Terminal;
using Counterforge.Options;

namespace Counterforge.Cli.Commands;

/// <summary><c>counterforge demo</c>: the whole method, offline, on the scenes world (the demo preset of the run options).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "400 train images at 128 px, the pretrained model only, K = 5 % (about 3 minutes on 2 cores): what `run` does on such a folder with no options." };
        var seed = new Option<int>("--seed") { Description = "Seed for the world, the models and every selection.", DefaultValueFactory = _ => 1 };
        var shortcut = ShortcutOption.Create();
        var output = new Option<DirectoryInfo?>("--out") { Description = "Run folder (default runs/demo-seed<N>); re-running on it resumes." };
        var models = new Option<string[]?>("--models") { Description = "Classifier architectures to run (default: mlnet-resnet18, and resnet18 unless --quick).", AllowMultipleArgumentsPerToken = true };
        var trainCount = new Option<int?>("--train-count") { Description = "Train images (default 400 with --quick, else 2000)." };
        var size = new Option<int?>("--size") { Description = "Image side in pixels (default 128 with --quick, else 64)." };
        var epochs = new Option<int?>("--epochs") { Description = "Baseline epochs for models trained from scratch (default 6 with --quick, else 15)." };
        var fineTuneEpochs = new Option<int?>("--finetune-epochs") { Description = "Epochs of the full fine-tune (default 3 for the pretrained model, 10 from scratch and with --quick and a diffusion editor)." };
        var fineTuneRate = new Option<double?>("--finetune-lr") { Description = "Learning rate of the full fine-tune (default 0.001 for the pretrained model, 0.01 from scratch)." };
        var minimumEffect = new Option<double?>("--min-effect") { Description = "How far (0..1) a kind's flip rate must exceed the null-edit control's to be a weakness (default 0.10)." };
        var precision = PrecisionOption.Create();
        var editor = new Option<string>("--editor")
        {
            Description = "Counterfactual editor: scene (exact re-render) or a diffusion editor (sdedit, ddim-inversion, diffedit, virtual-inversion) " +
                          "on the shipped miniature scenes model, its results filtered by the attribute oracle (three edits per kind).",
            DefaultValueFactory = _ => "scene",
        };
        var keepSourceDetail = new Option<bool>("--keep-source-detail")
        {
            Description = "With a diffusion editor: return the source plus the model's change (diffedit: the source's own pixels outside its mask), so what the model left alone keeps the source's pixels.",
        };
        var protectSubject = new Option<bool>("--protect-subject")
        {
            Description = "With --editor diffedit: keep the subject out of the mask when an edit leaves the subject's words alone.",
        };
        var resolution = new Option<int?>("--resolution")
        {
            Description = "With a diffusion editor: the size it works at (default: the miniature model's 64 px; the quick world's images are 128 px).",
        };
        var harden = new Option<bool>("--harden")
        {
            Description = "After the run, harden the model: reinforce with growing budgets, each judged on fresh counterfactuals, until no kind is flagged (see `counterforge harden --help`).",
        };
        var command = new Command("demo",
            "Plant a shortcut in a synthetic world, train a classifier on it, find the shortcut with counterfactual images, and remove it with a few of them.\n\n" +
            "Examples:\n  counterforge demo --quick\n  counterforge demo --quick --seed 2 --shortcut color:0.95 --out runs/color\n  counterforge demo --quick --editor diffedit --keep-source-detail --protect-subject --out runs/diffedit\n  counterforge demo --quick --harden\n  counterforge demo --models resnet18 small-cnn")
        {
            quick, seed, shortcut, output, models, trainCount, size, epochs, fineTuneEpochs, fineTuneRate, minimumEffect, precision, editor, keepSourceDetail, protectSubject, resolution, harden,
        };
        command.SetAction((result, cancel) => CommandErrors.GuardAsync(async () =>
        {
            var options = DemoPreset.Create(result.GetValue(quick), result.GetValue(seed), result.GetValue(shortcut), result.GetValue(trainCount), result.GetValue(size),
                result.GetValue(epochs), result.GetValue(models), result.GetValue(fineTuneEpochs), result.GetValue(fineTuneRate), result.GetValue(minimumEffect),
                result.GetValue(precision)!, result.GetValue(editor), result.GetValue(keepSourceDetail), result.GetValue(protectSubject), result.GetValue(resolution));
            var folder = result.GetValue(output)?.FullName ?? Path.Combine("runs", $"demo-seed{options.Seed}");
            var line = "counterforge " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
            using var pipeline = CounterforgePipeline.Open(folder, options, command: line);
            var progress = new ConsoleProgress();
            var run = await pipeline.RunAsync(progress, cancel);
            if (result.GetValue(harden))
            {
                await pipeline.HardenAsync(progress: progress, cancel: cancel);
                run = await pipeline.ReportAsync(progress, cancel);
            }
            KeyTable.Print(run.Summary);
            Console.WriteLine($"Summary: {run.SummaryPath}");
            Console.WriteLine($"Report: {run.ReportPath}");
        }));
        return command;
    }
}
