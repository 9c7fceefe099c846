using Counterforge.Core.Data;

namespace Counterforge.Bench;

/// <summary>
/// A dataset in the layout a user brings rather than Counterforge's manifest: photos/&lt;split&gt;/&lt;class&gt;/&lt;id&gt;.png for train,
/// val and test (what torchvision's ImageFolder reads), masks/… beside at the same relative paths, and the background
/// bank copied. No captions or attributes travel: Counterforge sees these images as a user's folder. Used to train a model
/// in PyTorch on dataset (b) and repair it with `run --weights` (docs/repair.md).
/// </summary>
internal static class ImageFolderLayout
{
    public static void Write(Dataset data, string output)
    {
        foreach (var sample in data.Samples.Where(s => s.Split is Splits.Train or Splits.Val or Splits.Test))
        {
            string relative = Path.Combine(sample.Split, sample.Label, sample.Id + ".png");
            Copy(data.FullPath(sample), Path.Combine(output, "photos", relative));
            if (data.MaskFullPath(sample) is string mask) Copy(mask, Path.Combine(output, "masks", relative));
        }
        string bank = Path.Combine(data.Root, "bank");
        if (Directory.Exists(bank))
            foreach (var file in Directory.EnumerateFiles(bank, "*", SearchOption.AllDirectories))
                Copy(file, Path.Combine(output, "bank", Path.GetRelativePath(bank, file)));
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
    }
}
