using System.Diagnostics;
using Counterforge.Core.Classification;
using Counterforge.Vision;
using Counterforge.Vision.Images;
using static TorchSharp.torch;

namespace Counterforge.Bench;

/// <summary>
/// bfloat16 against float32 compute for the same classifier, side by side in one run: training throughput (a full epoch of
/// every weight, timed between steps so decoding is excluded), eval throughput on an in-memory batch, and how far bf16's
/// probabilities are from fp32's on the same weights. Median of the repetitions, fp32 and bf16 alternating.
/// </summary>
internal static class PrecisionBenchmark
{
    private static readonly (string Arch, int Size, int Batch, int Images)[] Settings =
        [(ClassifierRegistry.ResNet18Pretrained, 128, 64, 320), (ClassifierRegistry.ResNet18, 224, 16, 96)];

    public static void Run(string output, int reps)
    {
        var folder = Path.GetFullPath(Path.Combine(output, "precision"));
        Console.WriteLine($"bf16 vs fp32 compute, {Environment.ProcessorCount} cores, CPU has native bfloat16: {ComputePrecisions.CpuHasNativeBFloat16}");
        Console.WriteLine($"{"model",-22} {"",-6} {"fp32 img/s",-22} {"bf16 img/s",-22} {"bf16 / fp32",-18}");
        foreach (var (arch, size, batch, count) in Settings)
        {
            var paths = InputPipelineBenchmark.Write(folder, "png", size, size, count);
            var data = paths.Select((p, i) => new LabeledImage(p, i % 4)).ToList();
            string[] classes = ["a", "b", "c", "d"];
            using var full = ClassifierRegistry.Create(new ClassifierOptions(arch, classes) { Seed = 1, ImageSize = size });
            using var low = ClassifierRegistry.Create(new ClassifierOptions(arch, classes) { Seed = 1, ImageSize = size, Precision = ComputePrecision.BFloat16 });
            using var images = new ImageBatchPipeline(size, batch).Batches(paths.Take(batch).ToList()).First();

            var (agreement, worst) = Agreement(full, low, paths);
            var train = (Full: new List<double>(), Low: new List<double>());
            var eval = (Full: new List<double>(), Low: new List<double>());
            for (int rep = 0; rep <= reps; rep++)
            {
                foreach (var (classifier, trainRates, evalRates) in new[] { (full, train.Full, eval.Full), (low, train.Low, eval.Low) })
                {
                    double trainRate = TrainImagesPerSecond(classifier, data, batch);
                    double evalRate = EvalImagesPerSecond(classifier, images);
                    if (rep == 0) continue; // warm-up
                    trainRates.Add(trainRate);
                    evalRates.Add(evalRate);
                }
            }
            string name = $"{arch} {size}²";
            Print(name, "train", new Measurements(train.Full), new Measurements(train.Low));
            Print(name, "eval", new Measurements(eval.Full), new Measurements(eval.Low));
            Console.WriteLine($"{name,-22} same weights: top-1 agreement {agreement:P1}, largest |p_bf16 − p_fp32| {worst:F3} over {paths.Count} images");
        }
    }

    private static void Print(string name, string phase, Measurements full, Measurements low) =>
        Console.WriteLine($"{name,-22} {phase,-6} {full,-22} {low,-22} {Measurements.Ratio(low, full),-18}");

    private static (double Agreement, double Worst) Agreement(TorchClassifier full, TorchClassifier low, IReadOnlyList<string> paths)
    {
        var a = full.PredictProbabilities(paths);
        var b = low.PredictProbabilities(paths);
        static int Top(float[] p) => Array.IndexOf(p, p.Max());
        double agreement = a.Zip(b, (x, y) => Top(x) == Top(y) ? 1.0 : 0.0).Average();
        double worst = a.Zip(b, (x, y) => x.Zip(y, (u, v) => Math.Abs(u - v)).Max()).Max();
        return (agreement, worst);
    }

    /// <summary>One epoch of every weight; steps after the first, timed between progress reports.</summary>
    private static double TrainImagesPerSecond(TorchClassifier classifier, IReadOnlyList<LabeledImage> data, int batch)
    {
        var stamps = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        classifier.Train(data, new TrainingOptions(Epochs: 1, BatchSize: batch, LearningRate: 0.001, FreezeNormalization: true),
            new InputPipelineBenchmark.SyncProgress(_ => stamps.Add(clock.Elapsed)));
        return (stamps.Count - 1) * batch / (stamps[^1] - stamps[0]).TotalSeconds;
    }

    private static double EvalImagesPerSecond(TorchClassifier classifier, Tensor images)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 3; i++) classifier.PredictProbabilities(images);
        return 3 * images.shape[0] / clock.Elapsed.TotalSeconds;
    }
}
