using Counterforge.Core.Data.Loading;
using Counterforge.Vision.Images;

namespace Counterforge.Vision.Data;

/// <summary>Loads a user's images: a folder in torchvision's ImageFolder layout, or a <c>.csv</c> / <c>.jsonl</c> manifest.</summary>
public static class ImageDatasets
{
    /// <summary>
    /// Every image (and mask) is decoded once to check it, unless <see cref="DatasetLoadOptions.VerifyImage"/> is set otherwise;
    /// what fails is left out and listed in the problems, naming its file.
    /// </summary>
    public static LoadedDataset Load(string path, DatasetLoadOptions? options = null)
    {
        options ??= new DatasetLoadOptions();
        if (options.VerifyImage is null) options = options with { VerifyImage = p => ImageFile.Verify(p) };
        if (Directory.Exists(path)) return ImageFolderDataset.Load(path, options);
        if (File.Exists(path)) return ManifestDataset.Load(path, options);
        throw new FileNotFoundException($"'{path}' is neither an image folder nor a manifest file (.csv, .jsonl).", path);
    }
}
