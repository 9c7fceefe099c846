using System.Globalization;
using Counterforge.Diffusion.Pipeline;
using Counterforge.SceneModels;
using Counterforge.Scenes;

namespace Counterforge.Bench;

/// <summary>
/// The miniature model's text-to-image quality: per-attribute accuracy as the oracle reads it (beside the oracle on
/// exact renders of the same captions), and a sample grid: each row one caption, the exact render first, then four
/// seeds of the model.
/// </summary>
internal static class ScenesGenerationBenchmark
{
    private static readonly string[] GridCaptions =
    [
        "a large red star on grass in clear weather by day",
        "a large blue heart on water in clear weather by day",
        "a medium yellow crescent on sandy ground in clear weather by day",
        "a large white arrow against a brick wall in clear weather by day",
        "a large orange star on snowy ground in the rain at dusk",
        "a medium purple heart against a night sky in thick fog at night",
        "a small green arrow on grass in falling snow by day",
        "a large red crescent on water in clear weather at night",
    ];

    public static void Run(string models, int count, int seed, int steps, double guidance, string? gridPath)
    {
        using var model = StableDiffusion.Load(models);
        using var oracle = SceneAttributeOracle.Load(models);
        if (gridPath is not null)
        {
            var cells = new List<byte[]>();
            foreach (var (caption, row) in GridCaptions.Select((c, i) => (c, i)))
            {
                cells.Add(SceneRenderer.RenderPng(caption, 1000 + row, model.Resolution));
                for (int s = 0; s < 4; s++) cells.Add(TextToImage.Generate(model, caption, seed * 100 + s, steps, guidance));
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(gridPath))!);
            File.WriteAllBytes(gridPath, SampleGrid.Compose(cells, columns: 5, cell: 2 * model.Resolution));
            Console.WriteLine($"grid: {gridPath} (rows: {string.Join(" | ", GridCaptions)})");
        }
        var report = TextToImageQuality.Measure(model, oracle, count, seed, steps, guidance);
        Console.WriteLine($"text-to-image, {report.Images} captions drawn uniformly, seed {seed}, DDIM {steps} steps, guidance {guidance.ToString(CultureInfo.InvariantCulture)}, " +
                          $"{report.SecondsPerImage:F3} s per image on this machine; models: {models}");
        Console.WriteLine("| attribute | generated: oracle reads the caption's word | exact renders: oracle reads it |");
        Console.WriteLine("|---|---|---|");
        foreach (var (generated, exact) in report.Generated.Zip(report.ExactRenders))
            Console.WriteLine($"| {generated.Kind} | {generated.Rate:P1} ({generated.Correct}/{generated.Total}) | {exact.Rate:P1} ({exact.Correct}/{exact.Total}) |");
    }
}
