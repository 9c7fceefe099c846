using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Counterforge.Vision;
using Counterforge.Vision.Images;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Counterforge.Bench;

/// <summary>
/// Counterforge (TorchSharp) against PyTorch (Debian's python3-torch) side by side in one run: resnet18 train step and
/// eval at two image sizes, and the input pipeline from PNG/JPEG files; same batch, threads and size, warm-up excluded,
/// median of the repetitions with min–max. Ratio = ours / PyTorch: above 1 we are faster.
/// </summary>
internal sealed class PyTorchComparison(int threads, int reps, string output)
{
    private const string Python = "/usr/bin/python3";
    private readonly string script = Path.Combine(AppContext.BaseDirectory, "pytorch_bench.py");
    private readonly List<(string Name, Measurements Ours, Measurements Theirs)> rows = [];

    public void Run()
    {
        EnsurePyTorch();
        torch.set_num_threads(threads);
        Console.WriteLine($"threads {threads}, {reps} repetitions each, libtorch {torch.__version__} (TorchSharp) vs PyTorch {PyTorchVersion()}");
        Model("train", 64, batch: 64, steps: 5);
        Model("eval", 64, batch: 64, steps: 10);
        Model("train", 224, batch: 16, steps: 3);
        Model("eval", 224, batch: 16, steps: 6);
        // Tiny inputs make the kernels nearly free: what is left is each framework's cost per operation (the overhead floor).
        Model("train", 16, batch: 2, steps: 20);
        Pipeline(64, batch: 64);
        Print();
    }

    /// <summary>
    /// Where a train-step gap lies: the train-mode forward alone, forward + backward, and the whole step at one size, both
    /// sides; backward and update times per image are the differences (medians).
    /// </summary>
    public void RunPhases(int size, int batch)
    {
        EnsurePyTorch();
        torch.set_num_threads(threads);
        Console.WriteLine($"threads {threads}, {reps} repetitions each, libtorch {torch.__version__} (TorchSharp) vs PyTorch {PyTorchVersion()}");
        Model("forward", size, batch, steps: 3);
        Model("backward", size, batch, steps: 3);
        Model("train", size, batch, steps: 3);
        Print();
        var (forward, backward, train) = (rows[0], rows[1], rows[2]);
        static double Ms(Measurements m) => 1000 / m.Median;
        Console.WriteLine($"Per image, ms (ours / PyTorch): forward {Ms(forward.Ours):F2} / {Ms(forward.Theirs):F2}, " +
            $"backward {Ms(backward.Ours) - Ms(forward.Ours):F2} / {Ms(backward.Theirs) - Ms(forward.Theirs):F2}, " +
            $"SGD update {Ms(train.Ours) - Ms(backward.Ours):F2} / {Ms(train.Theirs) - Ms(backward.Theirs):F2}, whole step {Ms(train.Ours):F2} / {Ms(train.Theirs):F2}.");
    }

    private void Model(string kind, int size, int batch, int steps)
    {
        var ours = kind switch
        {
            "train" => OurTrainPhase(size, batch, steps, (trainer, images, labels) => trainer.Step(images, labels)),
            "forward" => OurTrainPhase(size, batch, steps, (trainer, images, labels) => trainer.Forward(images, labels)),
            "backward" => OurTrainPhase(size, batch, steps, (trainer, images, labels) => trainer.ForwardBackward(images, labels)),
            _ => OurEval(size, batch, steps),
        };
        var theirs = PythonRates(kind, $"{size}", $"{batch}", $"{steps}", $"{reps}", $"{threads}");
        Add($"resnet18 {kind} {size}² batch {batch}", ours, theirs);
    }

    private Measurements OurTrainPhase(int size, int batch, int steps, Func<Counterforge.Vision.Training.BatchTrainer, Tensor, Tensor, float> phase)
    {
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.ResNet18, Classes, seed: 0, imageSize: size);
        using var trainer = classifier.CreateBatchTrainer();
        using var images = RandomBytes(batch, size);
        using var labels = randint(0, Classes.Length, [batch], dtype: ScalarType.Int64);
        return Time(() => phase(trainer, images, labels), batch, steps);
    }

    private Measurements OurEval(int size, int batch, int steps)
    {
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.ResNet18, Classes, seed: 0, imageSize: size);
        using var images = RandomBytes(batch, size);
        return Time(() => classifier.PredictProbabilities(images), batch, steps);
    }

    private void Pipeline(int size, int batch)
    {
        var files = PipelineImages(Path.Combine(output, "pipeline"), count: 512, sourceSize: 160);
        var preprocessing = Preprocessing.Stretch(size);
        var ours = Time(() =>
        {
            for (int start = 0; start < files.Count; start += batch)
                preprocessing.LoadBatch(files.Skip(start).Take(batch).ToArray()).Dispose();
        }, files.Count, steps: 1, warmups: 1);
        var listing = Path.Combine(output, "pipeline", "files.txt");
        File.WriteAllLines(listing, files);
        var theirs = PythonRates("pipeline", listing, $"{size}", $"{batch}", $"{reps}", "2", $"{threads}");
        Add($"input pipeline {size}² batch {batch} (PyTorch: DataLoader, 2 workers)", ours, theirs);
    }

    /// <summary>Half PNG, half JPEG, busy random shapes; written once and reused.</summary>
    private static IReadOnlyList<string> PipelineImages(string folder, int count, int sourceSize)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(7);
        var paths = new List<string>();
        for (int i = 0; i < count; i++)
        {
            bool png = i % 2 == 0;
            var path = Path.GetFullPath(Path.Combine(folder, $"image{i:D4}.{(png ? "png" : "jpg")}"));
            paths.Add(path);
            if (File.Exists(path)) continue;
            using var bitmap = new SKBitmap(sourceSize, sourceSize);
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(new SKColor((uint)random.Next() | 0xFF000000));
                using var paint = new SKPaint { IsAntialias = true };
                for (int s = 0; s < 20; s++)
                {
                    paint.Color = new SKColor((uint)random.Next() | 0xFF000000);
                    canvas.DrawCircle(random.Next(sourceSize), random.Next(sourceSize), 5 + random.Next(sourceSize / 4), paint);
                }
            }
            using var data = bitmap.Encode(png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, 90);
            File.WriteAllBytes(path, data.ToArray());
        }
        return paths;
    }

    private Measurements Time(Action step, int imagesPerStep, int steps, int warmups = 2)
    {
        for (int i = 0; i < warmups; i++) step();
        var rates = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            var clock = Stopwatch.StartNew();
            for (int s = 0; s < steps; s++) step();
            rates.Add(steps * imagesPerStep / clock.Elapsed.TotalSeconds);
        }
        return new Measurements(rates);
    }

    private static readonly string[] Classes = Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray();

    private static Tensor RandomBytes(int batch, int size)
    {
        var generator = new Generator(0);
        return randint(0, 256, [batch, 3, size, size], dtype: ScalarType.Byte, generator: generator);
    }

    private Measurements PythonRates(params string[] args)
    {
        var m = ChildProcess.Run(Python, [script, .. args]);
        if (m.ExitCode != 0) throw new InvalidOperationException($"pytorch_bench.py {string.Join(' ', args)} failed:\n{m.Output}");
        var line = m.Output.Split('\n').Last(l => l.StartsWith('{'));
        var json = JsonNode.Parse(line)!;
        return new Measurements(json["images_per_second"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray());
    }

    private void Add(string name, Measurements ours, Measurements theirs)
    {
        rows.Add((name, ours, theirs));
        Console.WriteLine($"  {name}: ours {ours} img/s, PyTorch {theirs} img/s, ratio {Measurements.Ratio(ours, theirs)}");
    }

    private void Print()
    {
        Console.WriteLine();
        Console.WriteLine("| measurement | Counterforge img/s | PyTorch img/s | ratio (ours / PyTorch) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, ours, theirs) in rows)
            Console.WriteLine($"| {name} | {ours} | {theirs} | {Measurements.Ratio(ours, theirs)} |");
        Console.WriteLine("Medians of the repetitions, min–max in brackets; the ratio's range pairs the extremes. > 1: Counterforge is faster.");
        var train64 = rows.FirstOrDefault(r => r.Name.StartsWith("resnet18 train 64²", StringComparison.Ordinal));
        var pipeline = rows.FirstOrDefault(r => r.Name.StartsWith("input pipeline 64²", StringComparison.Ordinal));
        if (train64.Ours is not null && pipeline.Ours is not null)
            Console.WriteLine($"Our input pipeline delivers {Measurements.F(pipeline.Ours.Median / train64.Ours.Median, 1)}× what our resnet18 train step consumes at 64².");
    }

    private static string PyTorchVersion()
    {
        var m = ChildProcess.Run(Python, ["-c", "import torch; print(torch.__version__)"]);
        return m.Output.Trim();
    }

    /// <summary>Installs Debian's python3-torch and python3-torchvision when missing (needs root and apt-get).</summary>
    private static void EnsurePyTorch()
    {
        if (File.Exists(Python) && ChildProcess.Run(Python, ["-c", "import torch, torchvision"]).ExitCode == 0) return;
        Console.WriteLine("installing python3-torch and python3-torchvision with apt-get …");
        var update = ChildProcess.Run("apt-get", ["update", "-qq"]);
        var install = ChildProcess.Run("apt-get", ["install", "-y", "-qq", "python3-torch", "python3-torchvision"]);
        if (update.ExitCode != 0 || install.ExitCode != 0)
            throw new InvalidOperationException($"Could not install python3-torch (root and apt-get are needed):\n{update.Output}{install.Output}");
    }
}
