using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

/// <summary>Perturbs the captions of the chosen sources, adding one null edit per source as the control, and keeps the result in edits.jsonl.</summary>
public static class EditStage
{
    public static IReadOnlyList<Edit> LoadOrPerturb(RunFolder run, IEnumerable<Sample> sources, ICaptionPerturber perturber)
    {
        if (File.Exists(run.EditsFile)) return JsonlFile.ReadAll<Edit>(run.EditsFile);
        var edits = new List<Edit>();
        foreach (var source in sources)
        {
            if (source.Caption is null) continue; // its captioning failed and was reported; without a caption there is nothing to edit
            edits.Add(Edit.Null(source.Id, source.Caption));
            edits.AddRange(perturber.Perturb(source, source.Caption, Data.Loading.TemplatedCaption.ClassWords(source.Label)));
        }
        var duplicate = edits.GroupBy(e => e.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Perturber '{perturber.Name}' proposed edit '{duplicate.Key}' twice.");
        JsonlFile.WriteAll(run.EditsFile, edits);
        return edits;
    }
}
