using System.Diagnostics;
using Counterforge.Core.Runs;
using Counterforge.Diffusion.Pipeline;
using Counterforge.Scenes;

namespace Counterforge.SceneModels;

/// <summary>Text-to-image accuracy: per attribute, how often the oracle reads in a generated image what the caption asked for.</summary>
/// <param name="Generated">The oracle on images generated from the captions.</param>
/// <param name="ExactRenders">The oracle on the scenes renderer's images of the same captions: its own ceiling.</param>
public sealed record TextToImageReport(int Images, int Steps, double Guidance, int Seed, IReadOnlyList<AttributeAccuracy> Generated,
                                       IReadOnlyList<AttributeAccuracy> ExactRenders, double SecondsPerImage);

/// <summary>
/// Generates <c>count</c> captions drawn uniformly over the scenes world (a stream of its own, not the training set's)
/// and has the oracle read each generated image and the exact render of the same caption.
/// </summary>
public static class TextToImageQuality
{
    public static TextToImageReport Measure(StableDiffusion model, SceneAttributeOracle oracle, int count, int seed, int steps = 50,
                                            double guidance = 7.5, IProgress<int>? progress = null)
    {
        var generated = new AccuracyTally();
        var exact = new AccuracyTally();
        var clock = Stopwatch.StartNew();
        TimeSpan generating = TimeSpan.Zero;
        for (int i = 0; i < count; i++)
        {
            var (spec, renderSeed) = TrainingSetWriter.Draw(StableHash.Seed("text-to-image-quality", seed), i);
            long start = Stopwatch.GetTimestamp();
            var image = TextToImage.Generate(model, spec.ToString(), StableHash.Seed("text-to-image-noise", seed, i), steps, guidance);
            generating += Stopwatch.GetElapsedTime(start);
            Tally(generated, oracle.Read(image), spec);
            Tally(exact, oracle.Read(SceneRenderer.RenderPng(spec, renderSeed, oracle.ImageSize)), spec);
            progress?.Report(i + 1);
        }
        return new TextToImageReport(count, steps, guidance, seed, generated.Result(), exact.Result(), generating.TotalSeconds / Math.Max(1, count));
    }

    private static void Tally(AccuracyTally tally, OracleReading reading, SceneSpec spec)
    {
        foreach (var kind in SceneAttributes.Kinds) tally.Add(kind, reading[kind] == spec.Get(kind));
    }
}
