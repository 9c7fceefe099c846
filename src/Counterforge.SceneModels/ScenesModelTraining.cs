using System.Diagnostics;

namespace Counterforge.SceneModels;

/// <summary>Settings of <see cref="ScenesModelTraining"/>; the defaults are the documented command's.</summary>
public sealed record ScenesModelTrainingOptions(string OutputDirectory)
{
    /// <summary>Scenes rendered for training (5 % of them held out for the report).</summary>
    public int Count { get; init; } = 12000;
    public int ImageSize { get; init; } = 64;
    public int Seed { get; init; } = 1;
    /// <summary>Multiplies the script's step counts (and so the training time: 1 is about 50 minutes on two CPU cores).</summary>
    public double Scale { get; init; } = 1.0;
    /// <summary>Images per training step (the shipped model: 128 on a GPU).</summary>
    public int Batch { get; init; } = 64;
    public string Python { get; init; } = "/usr/bin/python3";
    /// <summary>Where the rendered training set goes; null uses a folder beside the output.</summary>
    public string? WorkDirectory { get; init; }
}

/// <summary>
/// Makes the miniature scenes model set: renders the training set with the scenes renderer, then runs the training
/// kit's script (tools/scenes-sd/train_scenes_sd.py, copied beside this assembly) under PyTorch, which trains and exports
/// the graphs in optimum's layout into the output folder.
/// </summary>
public static class ScenesModelTraining
{
    /// <summary>The training kit shipped beside this assembly: the script and the tokenizer the model is trained with.</summary>
    public static string KitDirectory => Path.Combine(AppContext.BaseDirectory, "scenes-sd");
    public static string TokenizerDirectory => Path.Combine(KitDirectory, "tokenizer");

    /// <summary>Renders the training set into the work folder (step 1 of 2); progress counts rendered scenes.</summary>
    public static TrainingSetInfo RenderTrainingSet(ScenesModelTrainingOptions options, IProgress<int>? progress = null, CancellationToken cancellation = default) =>
        TrainingSetWriter.Write(WorkDirectory(options), TokenizerDirectory, options.Count, options.ImageSize, options.Seed, progress, cancellation);

    /// <summary>Runs the training script on the rendered set (step 2 of 2), its output going to <paramref name="log"/>.</summary>
    public static void Train(ScenesModelTrainingOptions options, TextWriter log, CancellationToken cancellation = default)
    {
        string output = Path.GetFullPath(options.OutputDirectory);
        string work = WorkDirectory(options);
        var start = new ProcessStartInfo(options.Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[]
                 {
                     Path.Combine(KitDirectory, "train_scenes_sd.py"), "--data", work, "--out", output, "--tokenizer", TokenizerDirectory,
                     "--seed", options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--scale", options.Scale.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                     "--batch", options.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {options.Python}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (cancellation.Register(() => process.Kill(entireProcessTree: true))) process.WaitForExit();
        cancellation.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"the training script failed (exit {process.ExitCode}); it needs python3 with PyTorch (Debian: apt-get install python3-torch)");
    }

    private static string WorkDirectory(ScenesModelTrainingOptions options) =>
        Path.GetFullPath(options.WorkDirectory ?? Path.GetFullPath(options.OutputDirectory).TrimEnd(Path.DirectorySeparatorChar) + ".training-set");
}
