using System.Collections.Concurrent;

namespace Counterforge.Core.Data.Loading;

/// <summary>
/// Checks candidates one by one (path inside the root, file present and decodable, class known, id unique, mask usable),
/// leaves out each failing one with a problem that names its file, splits the rest and fills templated captions. A file is
/// known by what it really is (links followed), so one file reached twice becomes one sample, never two labels or two splits.
/// </summary>
internal static class DatasetAssembler
{
    public static LoadedDataset Assemble(string root, IReadOnlyList<string> classes, IReadOnlyList<Candidate> candidates,
        DatasetLoadOptions options, string? maskRoot, List<DatasetProblem> problems)
    {
        var known = classes.ToHashSet(StringComparer.Ordinal);
        var checkedOnes = new (Candidate Candidate, string? Mask, string Real)?[candidates.Count];
        var found = new ConcurrentBag<(int Index, DatasetProblem Problem)>();
        Parallel.For(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var candidate = candidates[i];
            var (real, reason) = ImageProblem(root, candidate, known, options.VerifyImage);
            if (reason is not null)
            {
                found.Add((i, new DatasetProblem(candidate.Where, reason)));
                return;
            }
            var (mask, maskProblem) = CheckMask(maskRoot ?? root, candidate, options.VerifyImage);
            if (maskProblem is not null) found.Add((i, maskProblem));
            checkedOnes[i] = (candidate, mask, real!);
        });
        problems.AddRange(found.OrderBy(f => f.Index).Select(f => f.Problem));

        var usable = new List<(Candidate Candidate, string? Mask)>();
        var firstById = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var byFile = checkedOnes.OfType<(Candidate Candidate, string? Mask, string Real)>().ToLookup(c => c.Real, StringComparer.Ordinal);
        foreach (var (candidate, mask, real) in checkedOnes.OfType<(Candidate Candidate, string? Mask, string Real)>())
        {
            var sameFile = byFile[real].ToList();
            if (sameFile.Count > 1 && (sameFile.Select(c => c.Candidate.Label).Distinct().Count() > 1 || sameFile.Select(c => c.Candidate.Split).Distinct().Count() > 1))
            {
                var uses = string.Join("; ", sameFile.Select(c => $"{c.Candidate.Where} as '{c.Candidate.Label}'" + (c.Candidate.Split is null ? "" : $" in {c.Candidate.Split}")));
                problems.Add(new DatasetProblem(candidate.Where, $"the file {real} is listed more than once with different labels or splits ({uses}); a file cannot be two samples, so every listing is left out."));
                continue;
            }
            if (sameFile.Count > 1 && sameFile[0].Candidate != candidate)
            {
                problems.Add(new DatasetProblem(candidate.Where, $"the same file as {sameFile[0].Candidate.Where} ({real}); listed once, left out here."));
                continue;
            }
            if (firstById.TryGetValue(candidate.Id, out var first))
            {
                problems.Add(new DatasetProblem(candidate.Where, $"id '{candidate.Id}' is already used by {first.Where}; left out."));
                continue;
            }
            firstById[candidate.Id] = candidate;
            usable.Add((candidate, mask));
        }

        var seededSplits = StratifiedSplit.Assign(usable.Where(u => u.Candidate.Split is null).Select(u => (u.Candidate.Id, u.Candidate.Label)), options.Split, options.Seed);
        var samples = usable.Select(u => new Sample(
            u.Candidate.Id,
            u.Candidate.ImagePath,
            u.Candidate.Label,
            u.Candidate.Split ?? seededSplits[u.Candidate.Id],
            u.Candidate.Caption ?? TemplatedCaption.For(u.Candidate.Label),
            Attributes: u.Candidate.Attributes,
            MaskPath: u.Mask,
            CaptionTemplated: u.Candidate.Caption is null)).ToList();
        return new LoadedDataset(new Dataset(root, classes, samples, maskRoot), problems);
    }

    /// <returns>The image's real path (links followed), or why it is left out.</returns>
    private static (string? Real, string? Problem) ImageProblem(string root, Candidate candidate, HashSet<string> known, Action<string>? verify)
    {
        if (!known.Contains(candidate.Label))
            return (null, $"label '{candidate.Label}' is not a class of this dataset (classes: {string.Join(", ", known.Order(StringComparer.Ordinal))}); left out.");
        if (candidate.Id.Any(char.IsControl))
            return (null, "the id holds control characters (line breaks, escapes); left out.");
        string full;
        try
        {
            full = PathGuard.ResolveFollowingLinks(root, candidate.ImagePath, "image path");
        }
        catch (InvalidDataException e)
        {
            return (null, e.Message + " Left out.");
        }
        var real = PathGuard.RealPath(full);
        if (!File.Exists(real)) return (null, full == real ? $"image '{full}' does not exist; left out." : $"image '{full}' is a link to '{real}', which does not exist; left out.");
        try
        {
            verify?.Invoke(full);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return (null, e.Message + " Left out.");
        }
        return (real, null);
    }

    private static (string? Mask, DatasetProblem? Problem) CheckMask(string maskRoot, Candidate candidate, Action<string>? verify)
    {
        if (candidate.MaskPath is null) return (null, null);
        const string Consequence = " The image is kept without a mask (mask-based editors will refuse it).";
        string full;
        try
        {
            full = PathGuard.ResolveFollowingLinks(maskRoot, candidate.MaskPath, "mask path");
        }
        catch (InvalidDataException e)
        {
            return (null, new DatasetProblem(candidate.Where, e.Message + Consequence));
        }
        if (!File.Exists(full)) return (null, new DatasetProblem(full, $"mask of image '{candidate.ImagePath}' does not exist.{Consequence}"));
        try
        {
            verify?.Invoke(full);
        }
        catch (InvalidDataException e)
        {
            return (null, new DatasetProblem(full, e.Message + Consequence));
        }
        return (candidate.MaskPath, null);
    }
}
