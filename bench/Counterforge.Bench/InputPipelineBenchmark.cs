using System.Diagnostics;
using System.Globalization;
using Counterforge.Core.Classification;
using Counterforge.Scenes;
using Counterforge.Vision;
using Counterforge.Vision.Images;
using SkiaSharp;

namespace Counterforge.Bench;

/// <summary>
/// Images per second of the classifier's input pipeline (decode, resize, normalise, batch; 2 workers) from PNG and JPEG
/// files on disk, beside what one resnet18 training step (forward, backward, SGD) consumes at the same input size.
/// Files are scenes renders, at the input size and at a photo size (500×375) that the pipeline has to shrink.
/// </summary>
internal static class InputPipelineBenchmark
{
    private static readonly (int Size, int Batch, int Files, int TrainImages)[] Settings = [(64, 64, 512, 384), (224, 16, 128, 64)];

    public static void Run(string output)
    {
        var folder = Path.GetFullPath(Path.Combine(output, "input-pipeline"));
        Console.WriteLine($"input pipeline vs resnet18 train step, {Environment.ProcessorCount} cores, files in {folder}");
        Console.WriteLine($"{"input",-8} {"files",-22} {"pipeline img/s",15} {"train step img/s",17} {"ratio",7}");
        foreach (var (size, batch, files, trainImages) in Settings)
        {
            var train = TrainStepImagesPerSecond(Write(folder, "png", size, size, trainImages), size, batch);
            foreach (var (format, width, height) in new[] { ("png", size, size), ("jpeg", size, size), ("png", 500, 375), ("jpeg", 500, 375) })
            {
                var paths = Write(folder, format, width, height, files);
                var pipeline = PipelineImagesPerSecond(paths, size, batch);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{$"{size}²",-8} {$"{format} {width}x{height}",-22} {pipeline,15:F0} {train,17:F1} {pipeline / train,6:F1}×"));
            }
        }
    }

    /// <summary>Best of three passes over the files, after one warm-up pass.</summary>
    private static double PipelineImagesPerSecond(IReadOnlyList<string> paths, int size, int batch)
    {
        using var normalizer = new MeanStdNormalizer(Preprocessing.ImageNetMean, Preprocessing.ImageNetStd);
        var pipeline = new ImageBatchPipeline(size, batch, workers: 2, normalizer);
        double best = 0;
        for (int pass = 0; pass < 4; pass++)
        {
            var clock = Stopwatch.StartNew();
            long images = 0;
            foreach (var tensor in pipeline.Batches(paths))
            {
                images += tensor.shape[0];
                tensor.Dispose();
            }
            if (images != paths.Count) throw new InvalidOperationException($"the pipeline delivered {images} of {paths.Count} images.");
            if (pass > 0) best = Math.Max(best, images / clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>Steps after the first (which warms up), timed between progress reports, so decoding is not counted.</summary>
    private static double TrainStepImagesPerSecond(IReadOnlyList<string> paths, int size, int batch)
    {
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.ResNet18, ["a", "b"], seed: 1, imageSize: size);
        var data = paths.Select((p, i) => new LabeledImage(p, i % 2)).ToList();
        var stamps = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        classifier.Train(data, new TrainingOptions(Epochs: 1, BatchSize: batch, Augment: true), new SyncProgress(_ => stamps.Add(clock.Elapsed)));
        if (stamps.Count < 3) throw new InvalidOperationException("too few training steps to time.");
        return (stamps.Count - 1) * batch / (stamps[^1] - stamps[0]).TotalSeconds;
    }

    internal static IReadOnlyList<string> Write(string root, string format, int width, int height, int count)
    {
        var folder = Path.Combine(root, $"{format}-{width}x{height}");
        Directory.CreateDirectory(folder);
        var captions = SceneGrammar.All().Where((_, i) => i % 97 == 0).Select(SceneGrammar.Format).ToList();
        var paths = new string[count];
        Parallel.For(0, count, i =>
        {
            paths[i] = Path.Combine(folder, $"{i:D4}.{(format == "png" ? "png" : "jpg")}");
            if (File.Exists(paths[i])) return;
            using var scene = SKBitmap.Decode(SceneRenderer.RenderPng(captions[i % captions.Count], i, Math.Max(width, height)));
            using var sized = scene.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKFilterMode.Linear));
            using var data = sized.Encode(format == "png" ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, 90);
            File.WriteAllBytes(paths[i], data.ToArray());
        });
        return paths;
    }

    /// <summary>Runs the callback on the reporting thread (Progress&lt;T&gt; would post it later to the thread pool).</summary>
    internal sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
