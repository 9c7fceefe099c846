namespace Counterforge.Core.Data.Loading;

/// <summary>
/// torchvision's ImageFolder layout: <c>ROOT/&lt;class&gt;/**/*.jpg|jpeg|png|webp|bmp</c>, classes sorted ordinally, or the
/// same under <c>ROOT/train</c>, <c>ROOT/val</c>, <c>ROOT/test</c> (the folders then give the splits; otherwise a seeded,
/// class-stratified split does). Sample ids are the image paths relative to the root without their extension.
/// </summary>
public static class ImageFolderDataset
{
    public static readonly IReadOnlyList<string> Extensions = [".jpg", ".jpeg", ".png", ".webp", ".bmp"];

    private static readonly IReadOnlyList<string> SplitFolders = [Splits.Train, Splits.Val, Splits.Test];

    public static LoadedDataset Load(string root, DatasetLoadOptions? options = null)
    {
        options ??= new DatasetLoadOptions();
        options.Split.Validate();
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"Image folder '{root}' does not exist.");
        var problems = new List<DatasetProblem>();
        var candidates = new List<Candidate>();
        var classFolders = new List<string>();
        var walked = new Dictionary<string, string>(StringComparer.Ordinal);
        if (HasSplitFolders(root))
        {
            foreach (var folder in SubFolders(root).Where(f => !SplitFolders.Contains(f, StringComparer.Ordinal)))
                problems.Add(new DatasetProblem(Path.Combine(root, folder), $"not a split folder ({string.Join(", ", SplitFolders)}); ignored."));
            foreach (var split in SplitFolders.Where(s => Directory.Exists(Path.Combine(root, s))))
                Walk(root, split, split, candidates, classFolders, walked, problems);
        }
        else
        {
            Walk(root, "", null, candidates, classFolders, walked, problems);
        }

        var classes = options.Classes ?? classFolders.Distinct().Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0) throw new InvalidDataException($"'{root}' holds no class folders: expected ROOT/<class>/<image> or ROOT/train/<class>/<image>.");
        var maskRoot = options.MaskRoot is null ? null : Path.GetFullPath(options.MaskRoot);
        if (maskRoot is not null && !Directory.Exists(maskRoot)) throw new DirectoryNotFoundException($"Mask folder '{maskRoot}' does not exist.");
        if (maskRoot is not null) candidates = candidates.Select(c => c with { MaskPath = Path.ChangeExtension(c.ImagePath, ".png") }).ToList();
        return DatasetAssembler.Assemble(root, classes, candidates, options, maskRoot, problems);
    }

    /// <summary>Split folders are used when ROOT/train holds class folders.</summary>
    private static bool HasSplitFolders(string root) =>
        Directory.Exists(Path.Combine(root, Splits.Train)) && SubFolders(Path.Combine(root, Splits.Train)).Any();

    private static void Walk(string root, string prefix, string? split, List<Candidate> candidates, List<string> classFolders,
        Dictionary<string, string> walked, List<DatasetProblem> problems)
    {
        var top = prefix.Length == 0 ? root : Path.Combine(root, prefix);
        walked.TryAdd(PathGuard.RealPath(root), root);
        walked.TryAdd(PathGuard.RealPath(top), top);
        foreach (var label in SubFolders(top))
        {
            classFolders.Add(label);
            var folder = Path.Combine(top, label);
            var images = new List<string>();
            Collect(root, folder, images, walked, problems);
            images.Sort(StringComparer.Ordinal);
            if (images.Count == 0) problems.Add(new DatasetProblem(folder, "class folder holds no images (.jpg, .jpeg, .png, .webp, .bmp)."));
            foreach (var relative in images)
                candidates.Add(new Candidate(Path.Combine(root, relative), IdOf(relative), relative, label, split, null, null));
        }
    }

    /// <summary>
    /// The image files under <paramref name="folder"/>, relative to the root. A folder is walked once, by what it really is:
    /// a symbolic link back to a folder already walked (a loop, or a second way to the same images) is listed and skipped,
    /// and one that leads outside the root is not followed. A folder that cannot be read is listed and skipped.
    /// </summary>
    private static void Collect(string root, string folder, List<string> images, Dictionary<string, string> walked, List<DatasetProblem> problems)
    {
        string real;
        try
        {
            real = PathGuard.RealPath(folder);
        }
        catch (InvalidDataException e)
        {
            problems.Add(new DatasetProblem(folder, e.Message + " Not walked."));
            return;
        }
        if (!PathGuard.IsInside(PathGuard.RealPath(root), real))
        {
            problems.Add(new DatasetProblem(folder, $"a symbolic link to {real}, outside the dataset root {root}; not followed."));
            return;
        }
        if (walked.TryGetValue(real, out var first))
        {
            problems.Add(new DatasetProblem(folder, $"the same folder as {first} (a symbolic-link loop or a second link to it); its images are taken once, from there."));
            return;
        }
        walked[real] = folder;
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            problems.Add(new DatasetProblem(folder, $"cannot be read ({e.Message}); its images are left out."));
            return;
        }
        foreach (var entry in entries)
        {
            if (entry.Name.StartsWith('.')) continue;
            if (entry is DirectoryInfo) Collect(root, entry.FullName, images, walked, problems);
            else if (IsImage(entry.Name)) images.Add(Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/'));
        }
    }

    private static string IdOf(string relative)
    {
        var extension = Path.GetExtension(relative);
        return relative[..^extension.Length];
    }

    private static bool IsImage(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith('.') && Extensions.Contains(Path.GetExtension(name).ToLowerInvariant());
    }

    private static IEnumerable<string> SubFolders(string folder) =>
        Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal);
}
