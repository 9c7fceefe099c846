using System.Globalization;
using static TorchSharp.torch;

namespace Counterforge.Vision.Images;

/// <summary>
/// How an image file becomes a network input: resize, centre crop, then per-channel mean/std on 0..1 RGB.
/// <see cref="ResizeTo"/> null stretches the whole image to <see cref="CropSize"/>² (what the scenes demo uses); a value
/// resizes the shorter side to it and centre-crops <see cref="CropSize"/>² (torchvision's Resize(256) + CenterCrop(224)).
/// </summary>
public sealed record Preprocessing(int CropSize, int? ResizeTo, IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    public static readonly IReadOnlyList<float> ImageNetMean = [0.485f, 0.456f, 0.406f];
    public static readonly IReadOnlyList<float> ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>Whole image stretched to <paramref name="size"/>², ImageNet mean/std.</summary>
    public static Preprocessing Stretch(int size) => new(size, null, ImageNetMean, ImageNetStd);

    /// <summary>torchvision's evaluation transform: shorter side to ⌊size·256/224⌋, centre crop size², ImageNet mean/std.</summary>
    public static Preprocessing ImageNetCenterCrop(int size = 224) => new(size, size * 256 / 224, ImageNetMean, ImageNetStd);

    /// <summary>Checks sizes and statistics; the message names the field.</summary>
    public Preprocessing Validated()
    {
        if (CropSize < 16) throw new ArgumentOutOfRangeException(nameof(CropSize), CropSize, "Images must be at least 16 pixels.");
        if (ResizeTo is { } r && r < CropSize)
            throw new ArgumentOutOfRangeException(nameof(ResizeTo), r, $"Resize ({r}) must be at least the crop size ({CropSize}).");
        if (Mean.Count != 3 || Mean.Any(m => !float.IsFinite(m)))
            throw new ArgumentException($"Mean needs three finite values (R,G,B), got [{Format(Mean)}].", nameof(Mean));
        if (Std.Count != 3 || Std.Any(s => !(s > 0) || !float.IsFinite(s)))
            throw new ArgumentException($"Std needs three positive values (R,G,B), got [{Format(Std)}].", nameof(Std));
        return this;
    }

    /// <summary>The input pipeline: decode the files (in parallel), resize/crop, normalise, stack into a float batch [N,3,CropSize,CropSize].</summary>
    public Tensor LoadBatch(IReadOnlyList<string> paths)
    {
        using var normalizer = new MeanStdNormalizer(Mean, Std);
        using var bytes = ImageDecoder.DecodeBatch(paths, CropSize, ResizeTo);
        return normalizer.Normalize(bytes);
    }

    /// <summary>Parses "0.485,0.456,0.406" (the CLI's --mean/--std form).</summary>
    public static float[] ParseTriple(string text, string field)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new FormatException($"{field}: '{parts[i]}' is not a number (expected three comma-separated values).");
        if (values.Length != 3) throw new FormatException($"{field}: expected three comma-separated values, got {values.Length}.");
        return values;
    }

    private static string Format(IReadOnlyList<float> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
