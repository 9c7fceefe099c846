using Counterforge.Imaging;
using System.Globalization;
using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Vision.Images;
using SkiaSharp;

namespace Counterforge.Vision.Editing;

/// <summary>
/// Counterfactuals by compositing, as Waterbirds and ImageNet-9 are built: a <c>background</c> edit keeps the masked
/// subject (feathered edge) and fills the rest from a bank image of the new word, cover-resized; a <c>color</c> edit
/// recolours the masked subject keeping its shading; the null edit returns the source unchanged. Without a bank only colour
/// edits can be made. An image without a mask, a background edit without a bank, a word the bank or colour table lacks, and
/// any other kind are refused with the reason.
/// The returned mask is the changed region (white = changed).
/// </summary>
public sealed class CompositeEditor(Dataset dataset, BackgroundBank? bank, CompositeOptions? options = null) : IImageEditor
{
    /// <summary>Bump whenever any output would come out differently (it is part of the cache key).</summary>
    public const int Version = 1;

    private readonly CompositeOptions options = options ?? new CompositeOptions();

    public string Name => "composite";

    public string ConfigKey => string.Create(CultureInfo.InvariantCulture,
        $"composite-v{Version}-seed-{options.Seed}-feather-{options.FeatherSigma?.ToString("R", CultureInfo.InvariantCulture) ?? "auto"}-bank-{bank?.Fingerprint ?? "none"}");

    public Task<EditedImage> GenerateAsync(Sample source, string sourceImagePath, Edit edit, CancellationToken cancel = default) =>
        Task.FromResult(Generate(source, sourceImagePath, edit));

    public EditedImage Generate(Sample source, string sourceImagePath, Edit edit)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(edit);
        var maskPath = dataset.MaskFullPath(source)
            ?? throw new EditRefusedException($"image '{sourceImagePath}' has no subject mask; the composite editor needs one (give a mask folder or a mask column).");
        if (!edit.IsNull && edit.Kind is not (EditKinds.Background or EditKinds.Color))
            throw new EditRefusedException($"the composite editor cannot make '{edit.Kind}' edits; it makes {EditKinds.Background} and {EditKinds.Color} edits.");

        using var image = ImageFile.Read(sourceImagePath);
        int width = image.Width, height = image.Height;
        var subject = SubjectMask.Load(maskPath, width, height, options.SigmaFor(width, height));
        if (edit.IsNull) return new EditedImage(Png.Encode(image));
        if (edit.Kind == EditKinds.Background)
        {
            ReplaceBackground(image, subject, BankImage(edit));
            return new EditedImage(Png.Encode(image), Png.EncodeGray(subject, width, height, invert: true));
        }
        var color = edit.To is { } word && NamedColors.All.TryGetValue(word, out var rgb)
            ? rgb
            : throw new EditRefusedException($"the composite editor knows no colour '{edit.To}'; it paints {string.Join(", ", NamedColors.All.Keys)}.");
        Recolor.Apply(image.GetPixelSpan(), image.RowBytes, width, height, subject, color);
        return new EditedImage(Png.Encode(image), Png.EncodeGray(subject, width, height, invert: false));
    }

    private string BankImage(Edit edit)
    {
        if (bank is null)
            throw new EditRefusedException($"no background bank was given (--backgrounds BANK, BANK/<word>/*.jpg), so the composite editor cannot make the background edit to '{edit.To}'.");
        if (edit.To is not { } word || !bank.Contains(word))
            throw new EditRefusedException($"the background bank {bank.Root} has no folder for '{edit.To}'; its words are {string.Join(", ", bank.Words)}.");
        return bank.Pick(word, options.Seed, edit.Id);
    }

    /// <summary>Subject pixels stay, the rest comes from the bank image scaled to cover the frame (centre crop), blended by the mask weights.</summary>
    private static void ReplaceBackground(SKBitmap image, float[] subject, string bankPath)
    {
        int width = image.Width, height = image.Height;
        using var background = Cover(bankPath, width, height);
        var target = image.GetPixelSpan();
        var fill = background.GetPixelSpan();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                float keep = subject[y * width + x];
                int o = y * image.RowBytes + 4 * x, b = y * background.RowBytes + 4 * x;
                for (int c = 0; c < 3; c++) target[o + c] = (byte)Math.Clamp(MathF.Round(target[o + c] * keep + fill[b + c] * (1 - keep)), 0, 255);
                target[o + 3] = 255;
            }
    }

    private static SKBitmap Cover(string path, int width, int height)
    {
        using var decoded = ImageFile.Read(path, width, height);
        float scale = Math.Max((float)width / decoded.Width, (float)height / decoded.Height);
        float cropWidth = width / scale, cropHeight = height / scale;
        var source = SKRect.Create((decoded.Width - cropWidth) / 2, (decoded.Height - cropHeight) / 2, cropWidth, cropHeight);
        var covered = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(covered);
        using var picture = SKImage.FromBitmap(decoded);
        canvas.Clear(SKColors.Black);
        canvas.DrawImage(picture, source, SKRect.Create(width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return covered;
    }
}
