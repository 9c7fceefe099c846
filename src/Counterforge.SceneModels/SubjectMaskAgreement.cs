using Counterforge.Core.Generation;
using Counterforge.Scenes;
using SkiaSharp;

namespace Counterforge.SceneModels;

/// <summary>How much of one scene's subject an editor's mask keeps (0–1 of the subject's coverage), and how much of the image.</summary>
public sealed record SubjectMaskScene(double SubjectKept, double AreaKept);

/// <summary>
/// How well an editor that keeps the subject (DiffEdit with <c>ProtectSubject</c>) finds it: each scene's background edit is
/// made and the mask the editor returns (black: kept) is laid over the renderer's exact subject mask. A subject the kept
/// region misses is redrawn by the model, and the counterfactual loses its class.
/// </summary>
public static class SubjectMaskAgreement
{
    public static async Task<IReadOnlyList<SubjectMaskScene>> MeasureAsync(IBatchImageEditor editor, IReadOnlyList<BenchScene> scenes, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(editor);
        ArgumentNullException.ThrowIfNull(scenes);
        var jobs = scenes.Select(s => new EditJob(s.Sample, s.ImagePath, s.Edits.Single(e => e.Kind == SceneKinds.Background))).ToList();
        var outcomes = await editor.GenerateManyAsync(jobs, cancel).ConfigureAwait(false);
        return scenes.Select((scene, i) =>
        {
            var maskPng = outcomes[i].Unwrap().MaskPng
                ?? throw new InvalidOperationException($"{scene.Sample.Id}: the editor returned no mask; only an editor that masks the subject can be measured");
            using var kept = SKBitmap.Decode(maskPng);
            using var truth = SKBitmap.Decode(SceneRenderer.RenderSubjectMaskPng(scene.Sample.Caption!, scene.Sample.Seed, kept.Width));
            double subject = 0, subjectKept = 0;
            int areaKept = 0;
            for (int y = 0; y < kept.Height; y++)
                for (int x = 0; x < kept.Width; x++)
                {
                    double coverage = truth.GetPixel(x, y).Red / 255.0;
                    subject += coverage;
                    if (kept.GetPixel(x, y).Red >= 128) continue;
                    subjectKept += coverage;
                    areaKept++;
                }
            return new SubjectMaskScene(subject > 0 ? subjectKept / subject : 1, areaKept / (double)(kept.Width * kept.Height));
        }).ToList();
    }
}
