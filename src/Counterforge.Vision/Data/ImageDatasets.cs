using Counterforge.Imaging;
using Counterforge.Core.Data.Loading;
using Counterforge.Vision.Images;

namespace Counterforge.Vision.Data;

/// <summary>
/// Loads a user's images: a <c>.csv</c> / <c>.jsonl</c> manifest, a folder that holds one (<c>manifest.jsonl</c> or
/// <c>manifest.csv</c>: the folder is the manifest's root), or else a folder in torchvision's ImageFolder layout.
/// </summary>
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
        if (Directory.Exists(path))
        {
            var manifest = ManifestNames.Select(name => Path.Combine(path, name)).FirstOrDefault(File.Exists);
            return manifest is null ? ImageFolderDataset.Load(path, options) : ManifestDataset.Load(manifest, options);
        }
        if (File.Exists(path)) return ManifestDataset.Load(path, options);
        throw new FileNotFoundException($"--data '{path}' does not exist: give an image folder (ROOT/<class>/<image>) or a manifest file (.csv, .jsonl).", path);
    }

    private static readonly string[] ManifestNames = ["manifest.jsonl", "manifest.csv"];

    /// <summary>
    /// A dataset in counterforge's own format, each image (and mask) decoded once to check it and reached only inside the
    /// root; what fails is left out and listed, as for a user's folder.
    /// </summary>
    public static LoadedDataset LoadOwnFormat(string root, Action<string>? verify = null) =>
        OwnFormatDataset.LoadVerified(root, verify ?? (p => ImageFile.Verify(p)));
}
