using System.CommandLine;
using Counterforge.Core.Progress;
using Counterforge.SceneModels;

namespace Counterforge.Cli.Commands;

/// <summary><c>counterforge scenes train-diffusion</c>: makes the miniature scenes text-to-image model set.</summary>
internal static class TrainDiffusionCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Model set folder to write (optimum's ONNX layout).", Required = true };
        var count = new Option<int>("--count") { Description = "Scenes rendered for training.", DefaultValueFactory = _ => 12000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the training set and of the training.", DefaultValueFactory = _ => 1 };
        var scale = new Option<double>("--scale") { Description = "Multiplies the training steps (1: about 50 minutes on 2 CPU cores).", DefaultValueFactory = _ => 1.0 };
        var batch = new Option<int>("--batch") { Description = "Images per training step.", DefaultValueFactory = _ => 64 };
        var python = new Option<string>("--python") { Description = "Python with PyTorch (Debian: apt-get install python3-torch).", DefaultValueFactory = _ => "/usr/bin/python3" };
        var command = new Command("train-diffusion",
            "Render training scenes and train the miniature latent text-to-image model (autoencoder, text encoder, UNet) and the attribute oracle.\n\n" +
            "Examples:\n  counterforge scenes train-diffusion --out models/scenes-sd --seed 1                         (2 CPU cores: about 50 minutes)\n" +
            "  counterforge scenes train-diffusion --out models/scenes-sd --seed 1 --scale 2 --batch 128   (the shipped model's settings; a CUDA GPU: about 4 minutes)")
        {
            output, count, seed, scale, batch, python,
        };
        command.SetAction((result, cancellation) => CommandErrors.GuardAsync(() =>
        {
            var options = new ScenesModelTrainingOptions(result.GetValue(output)!.FullName)
            {
                Count = result.GetValue(count),
                Seed = result.GetValue(seed),
                Scale = result.GetValue(scale),
                Batch = result.GetValue(batch),
                Python = result.GetValue(python)!,
            };
            new StageProgress(new Terminal.ConsoleProgress()).Run("Rendering training scenes", options.Count, p => ScenesModelTraining.RenderTrainingSet(options, p, cancellation));
            ScenesModelTraining.Train(options, Console.Out, cancellation);
            Console.WriteLine($"model set written to {options.OutputDirectory}");
            return Task.CompletedTask;
        }));
        return command;
    }
}
