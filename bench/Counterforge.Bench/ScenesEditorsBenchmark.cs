using System.Globalization;
using Counterforge.Core.Generation;
using Counterforge.Diffusion.Editors;
using Counterforge.Diffusion.Pipeline;
using Counterforge.SceneModels;
using Counterforge.Scenes;

namespace Counterforge.Bench;

/// <summary>
/// Every diffusion editor on the miniature scenes model, per edit kind, on the same fixed test scenes, with the exact
/// scene editor as the ceiling. InstructPix2Pix needs an instruction-tuned 8-channel UNet, which the model does not have.
/// </summary>
internal static class ScenesEditorsBenchmark
{
    public static void Run(string models, int scenesPerKind, int seed, int? steps, bool keepSourceDetail, bool protectSubject, double? maskRatio, IReadOnlyCollection<string>? only, string output)
    {
        using var model = StableDiffusion.Load(models);
        using var oracle = SceneAttributeOracle.Load(models);
        var options = new DiffusionEditorOptions { Seed = seed, Steps = steps, KeepSourceDetail = keepSourceDetail, ProtectSubject = protectSubject };
        if (maskRatio is double ratio) options = options with { MaskThresholdRatio = ratio };
        var editors = new List<IImageEditor> { new SceneEditor(model.Resolution) };
        var diffusion = DiffusionEditors.Names.Where(n => n != DiffusionEditors.InstructPix2Pix && (only is null || only.Contains(n))).Select(n => DiffusionEditors.Create(n, model, options)).ToList();
        editors.AddRange(diffusion);
        var scenes = EditorBenchScenes.Make(Path.Combine(output, "editor-bench-scenes"), scenesPerKind, model.Resolution, seed);
        var report = EditorBench.RunAsync(editors, scenes, oracle, seed, model.Resolution, new Progress<string>(Console.Error.WriteLine)).GetAwaiter().GetResult();
        foreach (var editor in diffusion) editor.Dispose();

        Console.WriteLine($"editors on the miniature scenes model ({models}), {scenes.Count} test scenes, one edit per kind each, seed {seed}, " +
                          $"steps {(steps?.ToString(CultureInfo.InvariantCulture) ?? "each editor's default")}{(keepSourceDetail ? ", keeping the source's detail" : "")}{(protectSubject ? ", subject kept out of DiffEdit's mask" : "")}{(maskRatio is null ? "" : $", DiffEdit mask ratio {maskRatio}")}; instruct-pix2pix: not applicable (needs an 8-channel instruction-tuned UNet)");
        Console.WriteLine("| editor | kind | edit success | subject kept | outside-the-edit change (0–255) | s / image |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var r in report.Kinds)
            Console.WriteLine($"| {r.Editor} | {r.Kind} | {r.EditSuccess:P1} | {r.SubjectKept:P1} | {(r.OutsideChange is double o ? o.ToString("F1", CultureInfo.InvariantCulture) : "n/a")} | {r.SecondsPerImage:F3} |");
        Console.WriteLine();
        Console.WriteLine("| editor | null-edit flip rate (reference: oracle's subject head) | null-edit pixel change (0–255) | s / image |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var r in report.NullEdits)
            Console.WriteLine($"| {r.Editor} | {r.FlipRate:P1} ({r.Flips}/{r.Sources}) | {r.PixelChange:F1} | {r.SecondsPerImage:F3} |");
    }
}
