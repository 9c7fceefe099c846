using Counterforge.Core.Classification;
using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Reinforcement;

/// <summary>
/// Everything selections and methods work from: the baseline and its feature cache, the judgement they must beat and the
/// test images that judge it, the validation set α is chosen on, the train originals and the train edits counterfactuals
/// are made from. Selections draw from train (or validation); methods are judged on test only.
/// </summary>
public sealed class ReinforcementContext(RunFolder run, Dataset data, ModelRunSettings settings, GenerationStage generation, StageProgress progress)
{
    public RunFolder Run { get; } = run;
    public Dataset Data { get; } = data;
    public ModelRunSettings Settings { get; } = settings;
    public StageProgress Progress { get; } = progress;

    public required ITrainableClassifier Baseline { get; init; }

    /// <summary>The baseline's features of every image it has seen in this process (its head is the only thing methods change cheaply).</summary>
    public required FeatureStore Features { get; init; }

    /// <summary>The baseline's judgement on test: what every row is compared with.</summary>
    public required Judgement Before { get; init; }

    public required JudgeSet Judge { get; init; }

    /// <summary>The kinds acc_cf is judged on: those flagged on validation, or all when none was.</summary>
    public required IReadOnlyList<string> TargetKinds { get; init; }

    /// <summary>The kinds flagged on validation (empty when none was).</summary>
    public required IReadOnlyList<string> WeakKinds { get; init; }

    /// <summary>The edits of train captions, from which added counterfactuals are made.</summary>
    public required IReadOnlyList<Edit> TrainEdits { get; init; }

    public required ValidationSet Validation { get; init; }

    /// <summary>The train originals the baseline learned from, with their labels.</summary>
    public required IReadOnlyList<LabeledRef> Train { get; init; }

    /// <summary>The accepted counterfactuals of <paramref name="edits"/> (made now, or taken from the run folder when made before), labelled as their sources.</summary>
    public async Task<IReadOnlyList<LabeledRef>> CounterfactualsAsync(IReadOnlyList<Edit> edits, string what, CancellationToken cancel)
    {
        var samples = Data.Samples.ToDictionary(s => s.Id);
        var made = await generation.GenerateAsync(edits, $"Counterfactuals (train, {what})", cancel).ConfigureAwait(false);
        return made.Where(c => c.Accepted).Select(c =>
        {
            var source = samples[c.SourceId];
            return new LabeledRef(new ImageRef(c.EditId, Run.Resolve(c.ImagePath)), Data.LabelIndex(source), source.Label, ImageRef.Of(Data, source));
        }).ToList();
    }

    /// <summary>The reinforced model is the product: its weights are kept (safetensors, PyTorch names), relative path returned.</summary>
    public string SaveReinforced(ITrainableClassifier model, string method, string selection, int k)
    {
        var path = Run.Model($"{Settings.ModelTag}-{method}-{selection}-k{k}");
        model.Save(path);
        return Path.GetRelativePath(Run.Root, path).Replace('\\', '/');
    }
}
