using System.Globalization;
using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Language.Embeddings;

namespace Counterforge.Language.Filtering;

/// <summary>
/// LANCE's CLIP filter. A counterfactual is kept only when it still shows the source's scene (image–image), both images
/// match their captions (image–text), the image changed in the direction the caption did (directional) and it is closer
/// to the edit's new words than to its old ones. The directional and word checks need a change of words, so a null edit
/// (the control) and an edit with no removed words skip what they cannot compute. Every decision carries all scores; a
/// rejection names the first failed check with its value and threshold. The filter owns the model and disposes it.
/// </summary>
public sealed class ClipFilter(ClipModel model, ClipThresholds? thresholds = null) : ICounterfactualFilter, IDisposable
{
    private readonly ClipThresholds limits = thresholds ?? new ClipThresholds();

    public string Name => "clip";

    public Task<FilterDecision> CheckAsync(Sample source, string sourceImagePath, Edit edit, byte[] counterfactualPng, CancellationToken cancel = default) =>
        Task.FromResult(Check(source, sourceImagePath, edit, counterfactualPng));

    public FilterDecision Check(Sample source, string sourceImagePath, Edit edit, byte[] counterfactualPng)
    {
        var sourceImage = model.EmbedImage(File.ReadAllBytes(sourceImagePath), sourceImagePath);
        var counterfactual = model.EmbedImage(counterfactualPng, $"counterfactual of {edit.Id}");
        bool words = !edit.IsNull && edit.From is not null && edit.To is not null;
        var texts = model.EmbedTexts(words ? [edit.Original, edit.Edited, edit.To!, edit.From!] : [edit.Original, edit.Edited]);

        var scores = new Dictionary<string, double>
        {
            ["image_image"] = Vectors.Cosine(sourceImage, counterfactual),
            ["source_image_text"] = Vectors.Cosine(sourceImage, texts[0]),
            ["counterfactual_image_text"] = Vectors.Cosine(counterfactual, texts[1]),
        };
        if (!edit.IsNull) scores["directional"] = Vectors.Cosine(Vectors.Difference(counterfactual, sourceImage), Vectors.Difference(texts[1], texts[0]));
        if (words)
        {
            scores["new_words"] = Vectors.Cosine(counterfactual, texts[2]);
            scores["old_words"] = Vectors.Cosine(counterfactual, texts[3]);
        }

        string? reason =
            Below(scores, "image_image", limits.ImageImage, "image–image similarity")
            ?? Below(scores, "source_image_text", limits.ImageText, "source image–caption similarity")
            ?? Below(scores, "counterfactual_image_text", limits.ImageText, "counterfactual image–edited caption similarity")
            ?? (scores.ContainsKey("directional") ? Below(scores, "directional", limits.Directional, "directional similarity") : null)
            ?? (words && limits.CloserToNewWords && scores["new_words"] <= scores["old_words"]
                ? $"not closer to the new words '{edit.To}' ({F(scores["new_words"])}) than to the old '{edit.From}' ({F(scores["old_words"])})"
                : null);
        return new FilterDecision(reason is null, reason, scores);
    }

    private static string? Below(Dictionary<string, double> scores, string key, double threshold, string what) =>
        scores[key] < threshold ? $"{what} {F(scores[key])} < {F(threshold)}" : null;

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    public void Dispose() => model.Dispose();
}
