using System.Collections.Concurrent;

namespace Counterforge.Core.Data.Loading;

/// <summary>
/// Checks candidates one by one (path inside the root, file present and decodable, class known, id unique, mask usable),
/// leaves out each failing one with a problem that names its file, splits the rest and fills templated captions.
/// </summary>
internal static class DatasetAssembler
{
    public static LoadedDataset Assemble(string root, IReadOnlyList<string> classes, IReadOnlyList<Candidate> candidates,
        DatasetLoadOptions options, string? maskRoot, List<DatasetProblem> problems)
    {
        var known = classes.ToHashSet(StringComparer.Ordinal);
        var checkedOnes = new (Candidate Candidate, string? Mask)?[candidates.Count];
        var found = new ConcurrentBag<(int Index, DatasetProblem Problem)>();
        Parallel.For(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var candidate = candidates[i];
            var reason = ImageProblem(root, candidate, known, options.VerifyImage);
            if (reason is not null)
            {
                found.Add((i, new DatasetProblem(candidate.Where, reason)));
                return;
            }
            var (mask, maskProblem) = CheckMask(maskRoot ?? root, candidate, options.VerifyImage);
            if (maskProblem is not null) found.Add((i, maskProblem));
            checkedOnes[i] = (candidate, mask);
        });
        problems.AddRange(found.OrderBy(f => f.Index).Select(f => f.Problem));

        var usable = new List<(Candidate Candidate, string? Mask)>();
        var firstById = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var firstByPath = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var item in checkedOnes)
        {
            if (item is not { } ok) continue;
            if (firstById.TryGetValue(ok.Candidate.Id, out var first))
            {
                problems.Add(new DatasetProblem(ok.Candidate.Where, $"id '{ok.Candidate.Id}' is already used by {first.Where}; left out."));
                continue;
            }
            if (firstByPath.TryGetValue(ok.Candidate.ImagePath, out first))
            {
                problems.Add(new DatasetProblem(ok.Candidate.Where, $"image '{ok.Candidate.ImagePath}' is already listed by {first.Where}; left out."));
                continue;
            }
            firstById[ok.Candidate.Id] = ok.Candidate;
            firstByPath[ok.Candidate.ImagePath] = ok.Candidate;
            usable.Add(ok);
        }

        var seededSplits = StratifiedSplit.Assign(usable.Where(u => u.Candidate.Split is null).Select(u => (u.Candidate.Id, u.Candidate.Label)), options.Split, options.Seed);
        var samples = usable.Select(u => new Sample(
            u.Candidate.Id,
            u.Candidate.ImagePath,
            u.Candidate.Label,
            u.Candidate.Split ?? seededSplits[u.Candidate.Id],
            u.Candidate.Caption ?? TemplatedCaption.For(u.Candidate.Label),
            MaskPath: u.Mask,
            CaptionTemplated: u.Candidate.Caption is null)).ToList();
        return new LoadedDataset(new Dataset(root, classes, samples, maskRoot), problems);
    }

    private static string? ImageProblem(string root, Candidate candidate, HashSet<string> known, Action<string>? verify)
    {
        if (!known.Contains(candidate.Label))
            return $"label '{candidate.Label}' is not a class of this dataset (classes: {string.Join(", ", known.Order(StringComparer.Ordinal))}); left out.";
        string full;
        try
        {
            full = PathGuard.ResolveFollowingLinks(root, candidate.ImagePath, "image path");
        }
        catch (InvalidDataException e)
        {
            return e.Message + " Left out.";
        }
        if (!File.Exists(full)) return $"image '{full}' does not exist; left out.";
        try
        {
            verify?.Invoke(full);
        }
        catch (InvalidDataException e)
        {
            return e.Message + " Left out.";
        }
        return null;
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
