using System.Diagnostics;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Diffusion.Editors;
using Counterforge.Diffusion.Pipeline;
using Counterforge.SceneModels;

namespace Counterforge.Bench;

/// <summary>
/// DiffEdit as the generative demo runs it (25 steps, keeping the source's detail and the subject) on the shipped scenes
/// model, the same edits made three ways side by side: one at a time by a fresh editor each (nothing shared between the edits
/// of a source), one at a time by one editor (each source's inversion and subject mask made once), and in the generation
/// stage's chunks of 32 (their denoising walks in one UNet batch). Every way must give the same bytes.
/// </summary>
internal static class GenerationBatchingBenchmark
{
    private const int Chunk = 32;

    public static void Run(string models, int scenes, int seed, string output)
    {
        using var model = StableDiffusion.Load(models);
        var options = new DiffusionEditorOptions { Seed = seed, Steps = 25, KeepSourceDetail = true, ProtectSubject = true };
        // The demo's sources are 128 px; the editor works at the model's 64.
        var benchScenes = EditorBenchScenes.Make(Path.Combine(output, "generation-batching-scenes"), scenes, 2 * model.Resolution, seed);
        var jobs = benchScenes.SelectMany(s => s.Edits.Append(Edit.Null(s.Sample.Id, s.Spec.ToString())).Select(e => new EditJob(s.Sample, s.ImagePath, e))).ToList();

        using (var warm = new DiffEditEditor(model, options)) warm.GenerateMany(jobs.Take(Chunk).ToList());
        var (fresh, freshSeconds) = Timed(() => jobs.Select(j =>
        {
            using var editor = new DiffEditEditor(model, options);
            return editor.Generate(j.Source, j.SourceImagePath, j.Edit);
        }).ToList());
        var (shared, sharedSeconds) = Timed(() =>
        {
            using var editor = new DiffEditEditor(model, options);
            return jobs.Select(j => editor.Generate(j.Source, j.SourceImagePath, j.Edit)).ToList();
        });
        var (batched, batchedSeconds) = Timed(() =>
        {
            using var editor = new DiffEditEditor(model, options);
            return jobs.Chunk(Chunk).SelectMany(c => editor.GenerateMany(c).Select(o => o.Unwrap())).ToList();
        });
        bool same = Enumerable.Range(0, jobs.Count).All(i => fresh[i].Png.AsSpan().SequenceEqual(shared[i].Png) && fresh[i].Png.AsSpan().SequenceEqual(batched[i].Png)
                                                             && Equal(fresh[i].MaskPng, shared[i].MaskPng) && Equal(fresh[i].MaskPng, batched[i].MaskPng));

        Console.WriteLine($"DiffEdit (25 steps, keep-source-detail, protect-subject) on {models}: {benchScenes.Count} scenes at 128 px, " +
                          $"{jobs.Count} edits (one per kind and the null edit per scene), seed {seed}, {Environment.ProcessorCount} cores");
        Console.WriteLine("| how | s / edit | speed-up |");
        Console.WriteLine("|---|---|---|");
        foreach (var (how, seconds) in new[] { ("one at a time, a fresh editor each", freshSeconds), ("one at a time, one editor (per-source inversion and subject mask kept)", sharedSeconds), ($"chunks of {Chunk} (denoising walks batched)", batchedSeconds) })
            Console.WriteLine($"| {how} | {seconds / jobs.Count:F4} | {freshSeconds / seconds:F2}× |");
        Console.WriteLine($"identical bytes in all three: {(same ? "yes" : "NO")}");
        if (!same) Environment.ExitCode = 1;
    }

    private static bool Equal(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static (T Result, double Seconds) Timed<T>(Func<T> run)
    {
        long start = Stopwatch.GetTimestamp();
        var result = run();
        return (result, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
}
