using Counterforge.Core.Captions;
using Counterforge.Core.Data;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

/// <summary>One image's caption. <see cref="Templated"/>: made from the class name because the image had none.</summary>
public sealed record CaptionRecord(string SampleId, string Caption, string Captioner, bool Templated = false);

/// <summary>
/// Captions the sources the loop perturbs and keeps them in captions.jsonl, appended in chunks so a killed run keeps what
/// it finished; a caption that fails is reported with its image and the image is left out of the edits.
/// </summary>
public static class CaptionStage
{
    private const int AppendEvery = 16;

    public static IReadOnlyList<CaptionRecord> LoadOrCaption(RunFolder run, Dataset data, IReadOnlyList<Sample> sources, ICaptioner captioner, StageProgress progress)
    {
        var key = $"{captioner.Name}:{captioner.ConfigKey}";
        var done = JsonlFile.ReadCompleteAndTruncate<CaptionRecord>(run.CaptionsFile)
            .Where(c => c.Captioner == key).GroupBy(c => c.SampleId).ToDictionary(g => g.Key, g => g.Last());
        var todo = sources.Where(s => !done.ContainsKey(s.Id)).DistinctBy(s => s.Id).ToList();
        if (todo.Count > 0)
        {
            var failures = new List<string>();
            progress.Run($"Captions ({captioner.Name})", todo.Count, p =>
            {
                int finished = 0;
                foreach (var chunk in todo.Chunk(AppendEvery))
                {
                    var made = chunk.Select(s => CaptionOne(data, s, captioner, key, failures)).OfType<CaptionRecord>().ToList();
                    JsonlFile.Append(run.CaptionsFile, made);
                    foreach (var c in made) done[c.SampleId] = c;
                    p.Report(finished += chunk.Length);
                }
            });
            foreach (var failure in failures) progress.Info(failure);
        }
        return sources.Where(s => done.ContainsKey(s.Id)).Select(s => done[s.Id]).DistinctBy(c => c.SampleId).ToList();
    }

    /// <summary>The dataset with the run's captions in place of the manifest's; samples without one keep theirs.</summary>
    public static Dataset Apply(RunFolder run, Dataset data)
    {
        if (!File.Exists(run.CaptionsFile))
            throw new InvalidOperationException($"{run.CaptionsFile} is missing: run `counterforge caption --out {run.Root}` first.");
        var captions = JsonlFile.ReadAll<CaptionRecord>(run.CaptionsFile).GroupBy(c => c.SampleId).ToDictionary(g => g.Key, g => g.Last().Caption);
        return data.WithSamples(data.Samples.Select(s => captions.TryGetValue(s.Id, out var c) ? s with { Caption = c } : s with { Caption = null }).ToList());
    }

    private static CaptionRecord? CaptionOne(Dataset data, Sample sample, ICaptioner captioner, string key, List<string> failures)
    {
        try
        {
            var text = captioner.Caption(sample, data.FullPath(sample), sample.Label).Trim();
            if (text.Length == 0) throw new InvalidDataException("the captioner returned an empty caption");
            bool templated = captioner is ITemplatingCaptioner templating && templating.IsTemplated(sample);
            return new CaptionRecord(sample.Id, text, key, templated);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or HttpRequestException or TimeoutException)
        {
            lock (failures) failures.Add($"caption failed for {sample.ImagePath}: {e.Message}; the image is left out of the edits.");
            return null;
        }
    }
}
