using System.Globalization;
using Counterforge.Diffusion.Editors;
using Counterforge.Diffusion.Pipeline;
using Counterforge.SceneModels;

namespace Counterforge.Bench;

/// <summary>
/// How well DiffEdit keeping the subject (the demo's editor: 25 steps, keep-source-detail, protect-subject) finds the subject,
/// against the renderer's exact subject mask (<see cref="SubjectMaskAgreement"/>): each bench scene's background edit at the
/// demo's 128 px, side by side for each mask encode strength asked.
/// </summary>
internal static class SubjectMaskBenchmark
{
    public static void Run(string models, int scenes, int seed, IReadOnlyList<double> encodeStrengths, string output)
    {
        using var model = StableDiffusion.Load(models);
        int size = 2 * model.Resolution;
        var benchScenes = EditorBenchScenes.Make(Path.Combine(output, "subject-mask-scenes"), scenes, size, seed);
        Console.WriteLine($"DiffEdit keeping the subject on {models}: {scenes} bench scenes at {size} px, their background edits, seed {seed}");
        Console.WriteLine("| mask encode strength | subject pixels kept | subjects ≥ 95 % kept | subjects < 50 % kept | image area kept |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var encode in encodeStrengths)
        {
            using var editor = new DiffEditEditor(model, new DiffusionEditorOptions
                { Seed = seed, Steps = 25, KeepSourceDetail = true, ProtectSubject = true, MaskEncodeStrength = encode });
            var measured = SubjectMaskAgreement.MeasureAsync(editor, benchScenes).GetAwaiter().GetResult();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {encode} | {measured.Average(m => m.SubjectKept):P1} | {measured.Count(m => m.SubjectKept >= 0.95)}/{scenes} | {measured.Count(m => m.SubjectKept < 0.5)}/{scenes} | {measured.Average(m => m.AreaKept):P1} |"));
        }
    }
}
