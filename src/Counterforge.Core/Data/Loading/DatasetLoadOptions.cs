namespace Counterforge.Core.Data.Loading;

/// <summary>How a folder or manifest of real images becomes a <see cref="Dataset"/>.</summary>
public sealed record DatasetLoadOptions
{
    /// <summary>A folder of PNG masks mirroring the image tree (<c>dog/001.jpg</c> → <c>MASKS/dog/001.png</c>, white = subject).</summary>
    public string? MaskRoot { get; init; }

    /// <summary>The split for images that no folder or manifest column assigns one, stratified by class.</summary>
    public SplitFractions Split { get; init; } = SplitFractions.Default;

    /// <summary>Seeds the split; the same seed and files give the same split on every machine.</summary>
    public int Seed { get; init; }

    /// <summary>The class names in index order; null takes them from the data (sorted ordinally, as torchvision does).</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Checks that an image (or mask) decodes; throws <see cref="InvalidDataException"/> naming the file when it does not.</summary>
    public Action<string>? VerifyImage { get; init; }
}
