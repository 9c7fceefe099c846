using System.Diagnostics;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Diffusion.Images;
using Counterforge.Scenes;

namespace Counterforge.SceneModels;

/// <summary>One editor on one edit kind.</summary>
/// <param name="EditSuccess">Share of edits where the oracle reads the new word.</param>
/// <param name="SubjectKept">Share where the oracle still reads the source's subject, and its colour unless the edit is a colour edit.</param>
/// <param name="OutsideChange">Mean absolute pixel change (0–255) from the source where the exact renderer changes nothing; null when the edit changes (almost) every pixel.</param>
public sealed record EditorKindResult(string Editor, string Kind, int Edits, double EditSuccess, double SubjectKept, double? OutsideChange, double SecondsPerImage);

/// <summary>One editor re-rendering the unchanged caption: what its artefacts alone do.</summary>
/// <param name="FlipRate">Share of sources whose subject the reference classifier reads right and the null edit makes it read wrong.</param>
/// <param name="PixelChange">Mean absolute pixel change (0–255) from the source.</param>
public sealed record NullEditResult(string Editor, int Sources, int Flips, double FlipRate, double PixelChange, double SecondsPerImage);

public sealed record EditorBenchReport(int Scenes, int Seed, IReadOnlyList<EditorKindResult> Kinds, IReadOnlyList<NullEditResult> NullEdits);

/// <summary>
/// Judges image editors on the scenes world, where the exact renderer knows what every edit should look like: each
/// editor makes every bench scene's edits and null edit, the oracle reads the results. The reference classifier of the
/// null-edit flip rate is the oracle's subject head (a subject classifier trained on exact renders, with no shortcut).
/// </summary>
public static class EditorBench
{
    /// <summary>An edit that leaves fewer pixels than this share untouched has no "outside" to measure.</summary>
    private const double MinimumOutside = 0.05;

    public static async Task<EditorBenchReport> RunAsync(IReadOnlyList<IImageEditor> editors, IReadOnlyList<BenchScene> scenes, SceneAttributeOracle oracle, int seed,
                                        int imageSize, IProgress<string>? progress = null)
    {
        var kinds = new List<EditorKindResult>();
        var nulls = new List<NullEditResult>();
        var sources = scenes.Select(s => RgbImage.Load(s.ImagePath, imageSize, imageSize)).ToList();
        var sourceReadings = scenes.Select(s => oracle.Read(s.ImagePath)).ToList();
        foreach (var editor in editors)
        {
            foreach (var kind in SceneKinds.Editable)
            {
                int success = 0, kept = 0, outsideCount = 0;
                double outsideSum = 0, seconds = 0;
                for (int i = 0; i < scenes.Count; i++)
                {
                    var scene = scenes[i];
                    var edit = scene.Edits.Single(e => e.Kind == kind);
                    var (image, elapsed) = await TimedAsync(editor, scene, edit);
                    seconds += elapsed;
                    var reading = oracle.Read(image);
                    if (reading[kind] == edit.To) success++;
                    if (reading[SceneKinds.Subject] == scene.Spec.Subject && (kind == SceneKinds.Color || reading[SceneKinds.Color] == scene.Spec.Color)) kept++;
                    if (OutsideChange(scene, edit, sources[i], RgbImage.Decode(image, imageSize, imageSize), imageSize) is double change)
                    {
                        outsideSum += change;
                        outsideCount++;
                    }
                }
                int n = scenes.Count;
                kinds.Add(new EditorKindResult(editor.Name, kind, n, (double)success / n, (double)kept / n,
                    outsideCount > 0 ? outsideSum / outsideCount : null, seconds / n));
                progress?.Report($"{editor.Name} {kind}: success {100.0 * success / n:F1} %");
            }
            int flips = 0, readRight = 0;
            double pixelChange = 0, nullSeconds = 0;
            for (int i = 0; i < scenes.Count; i++)
            {
                var (image, elapsed) = await TimedAsync(editor, scenes[i], Edit.Null(scenes[i].Sample.Id, scenes[i].Spec.ToString()));
                nullSeconds += elapsed;
                pixelChange += MeanAbsolute(sources[i], RgbImage.Decode(image, imageSize, imageSize), null);
                if (sourceReadings[i][SceneKinds.Subject] != scenes[i].Spec.Subject) continue;
                readRight++;
                if (oracle.Read(image)[SceneKinds.Subject] != scenes[i].Spec.Subject) flips++;
            }
            nulls.Add(new NullEditResult(editor.Name, readRight, flips, readRight == 0 ? double.NaN : (double)flips / readRight,
                pixelChange / scenes.Count, nullSeconds / scenes.Count));
        }
        return new EditorBenchReport(scenes.Count, seed, kinds, nulls);
    }

    private static async Task<(byte[] Png, double Seconds)> TimedAsync(IImageEditor editor, BenchScene scene, Edit edit)
    {
        long start = Stopwatch.GetTimestamp();
        var made = await editor.GenerateAsync(scene.Sample, scene.ImagePath, edit);
        return (made.Png, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    /// <summary>Mean |result − source| over the pixels the exact renderer leaves unchanged by this edit.</summary>
    private static double? OutsideChange(BenchScene scene, Edit edit, float[] source, float[] result, int size)
    {
        var exactSource = RgbImage.Decode(SceneRenderer.RenderPng(scene.Spec, scene.Sample.Seed, size), size, size);
        var exactTarget = RgbImage.Decode(SceneRenderer.RenderPng(edit.Edited, scene.Sample.Seed, size), size, size);
        int plane = size * size;
        var unchanged = new bool[plane];
        int count = 0;
        for (int p = 0; p < plane; p++)
        {
            unchanged[p] = exactSource[p] == exactTarget[p] && exactSource[plane + p] == exactTarget[plane + p] && exactSource[2 * plane + p] == exactTarget[2 * plane + p];
            if (unchanged[p]) count++;
        }
        return count < MinimumOutside * plane ? null : MeanAbsolute(source, result, unchanged);
    }

    private static double MeanAbsolute(float[] a, float[] b, bool[]? where)
    {
        int plane = a.Length / 3;
        double sum = 0;
        int n = 0;
        for (int p = 0; p < plane; p++)
        {
            if (where is not null && !where[p]) continue;
            for (int c = 0; c < 3; c++) sum += Math.Abs(a[c * plane + p] - b[c * plane + p]);
            n += 3;
        }
        return n == 0 ? 0 : sum / n * 127.5;
    }
}
