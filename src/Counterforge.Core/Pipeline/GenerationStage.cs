using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// Generates and filters counterfactual images. Each image is written atomically before its record is appended to
/// counterfactuals.jsonl, so a killed run resumes with every finished item kept and nothing half-written.
/// </summary>
public sealed class GenerationStage(RunFolder run, Dataset data, IImageEditor editor, ICounterfactualFilter filter, StageProgress progress)
{
    private const int AppendEvery = 32;
    private readonly string _editorKey = $"{editor.Name}:{editor.ConfigKey}";

    public IReadOnlyList<Counterfactual> Generate(IReadOnlyList<Edit> edits, string stage)
    {
        var done = JsonlFile.ReadLogForAppend<Counterfactual>(run.CounterfactualsFile, progress.Info)
            .Where(c => c.Editor == _editorKey && (!c.Accepted || File.Exists(run.Resolve(c.ImagePath))))
            .GroupBy(c => c.EditId).ToDictionary(g => g.Key, g => g.Last());
        var todo = edits.Where(e => !done.ContainsKey(e.Id)).DistinctBy(e => e.Id).ToList();
        if (todo.Count > 0)
        {
            var samples = data.Samples.ToDictionary(s => s.Id);
            progress.Run(stage, todo.Count, p =>
            {
                int finished = 0;
                foreach (var chunk in todo.Chunk(AppendEvery))
                {
                    var made = new Counterfactual[chunk.Length];
                    Parallel.For(0, chunk.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                        i => made[i] = GenerateOne(samples, chunk[i]));
                    JsonlFile.Append(run.CounterfactualsFile, made);
                    foreach (var c in made) done[c.EditId] = c;
                    p.Report(finished += chunk.Length);
                }
            });
        }
        return edits.Select(e => done[e.Id]).ToList();
    }

    private Counterfactual GenerateOne(Dictionary<string, Sample> samples, Edit edit)
    {
        if (!samples.TryGetValue(edit.SourceId, out var source))
            throw new InvalidDataException($"{run.EditsFile}: edit '{edit.Id}' names source '{edit.SourceId}', which is not in the dataset.");
        var relative = run.CounterfactualImage(edit.Id);
        try
        {
            var sourcePath = data.FullPath(source);
            var made = editor.Generate(source, sourcePath, edit);
            var decision = filter.Check(source, sourcePath, edit, made.Png);
            string? mask = null;
            if (made.MaskPng is { } maskPng)
            {
                mask = run.CounterfactualMask(edit.Id);
                AtomicFile.WriteAllBytes(run.Resolve(mask), maskPng);
            }
            AtomicFile.WriteAllBytes(run.Resolve(relative), made.Png);
            return new Counterfactual(edit.Id, edit.SourceId, edit.Kind, edit.From, edit.To, relative, _editorKey,
                decision.Accepted, decision.Reason, mask, decision.Scores);
        }
        catch (EditRefusedException e)
        {
            return new Counterfactual(edit.Id, edit.SourceId, edit.Kind, edit.From, edit.To, relative, _editorKey, false, $"refused by {editor.Name}: {e.Message}");
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or FormatException)
        {
            // One bad item must not stop the run: it is recorded as rejected with the reason, and never used.
            return new Counterfactual(edit.Id, edit.SourceId, edit.Kind, edit.From, edit.To, relative, _editorKey, false, $"generation failed: {e.Message}");
        }
    }
}
