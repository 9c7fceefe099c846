namespace Counterforge.Core.Data.Loading;

/// <summary>
/// A dataset in counterforge's own format (classes.txt and a manifest.jsonl of <see cref="Sample"/>s, as <c>scenes make</c>
/// writes it) checked like a user's folder: each image decodes and lies inside the root, each mask too; a sample that fails
/// is left out with its problem, a mask that fails is dropped, and every other field is kept as written.
/// </summary>
public static class OwnFormatDataset
{
    public static LoadedDataset LoadVerified(string root, Action<string> verify)
    {
        var dataset = Dataset.Load(root);
        var problems = new (Sample? Kept, DatasetProblem? Problem, DatasetProblem? MaskProblem)[dataset.Samples.Count];
        Parallel.For(0, dataset.Samples.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var sample = dataset.Samples[i];
            var where = $"{Path.Combine(dataset.Root, Dataset.ManifestFile)} (sample '{sample.Id}')";
            var problem = FileProblem(dataset.Root, sample.ImagePath, verify);
            if (problem is not null)
            {
                problems[i] = (null, new DatasetProblem(where, problem + " Left out."), null);
                return;
            }
            var maskProblem = sample.MaskPath is null ? null : FileProblem(dataset.MaskRoot, sample.MaskPath, verify);
            problems[i] = maskProblem is null
                ? (sample, null, null)
                : (sample with { MaskPath = null }, null, new DatasetProblem(where, $"mask: {maskProblem} The image is kept without a mask."));
        });
        var kept = problems.Where(p => p.Kept is not null).Select(p => p.Kept!).ToList();
        var listed = problems.SelectMany(p => new[] { p.Problem, p.MaskProblem }).OfType<DatasetProblem>().ToList();
        return new LoadedDataset(dataset.WithSamples(kept), listed);
    }

    private static string? FileProblem(string root, string relative, Action<string> verify)
    {
        try
        {
            var full = PathGuard.ResolveFollowingLinks(root, relative, "path");
            if (!File.Exists(full)) return $"'{full}' does not exist.";
            verify(full);
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
