using System.CommandLine;
using Counterforge.Vision;

namespace Counterforge.Cli.Stages;

[Flags]
internal enum Sections
{
    Data = 1,
    Model = 2,
    Captions = 4,
    Edits = 8,
    Generation = 16,
    Stress = 32,
    Reinforcement = 64,
    All = Data | Model | Captions | Edits | Generation | Stress | Reinforcement,
}

/// <summary>Builds a verb's run.json from its options and what the folder recorded (see <see cref="RunSpec"/>).</summary>
internal static class SpecResolver
{
    public const string DefaultArch = "resnet18-pretrained";

    /// <param name="needed">The sections this verb fills from its options.</param>
    /// <param name="required">The sections this verb only reads: an earlier verb must have recorded them.</param>
    public static RunSpec Resolve(ParseResult result, StageOptions o, RunSpec? recorded, RunResults made, string runJson, Sections needed, Sections required = 0)
    {
        var merge = new SpecMerge(runJson);
        if (required.HasFlag(Sections.Model) && recorded?.Model is null)
            throw new InvalidOperationException($"{runJson} records no model yet: run `counterforge train` on this --out first.");
        var seed = merge.Pick("--seed", result.GetValue(o.Seed), recorded?.Seed, 1, recorded is not null,
            RunResults.First(made.Index, made.Baseline, made.Captions, made.Edits));
        var spec = (recorded ?? new RunSpec(seed)) with { Seed = seed };

        if (needed.HasFlag(Sections.Data))
        {
            var r = spec.Data;
            bool has = r is not null;
            var path = merge.PickPath("--data", Full(result.GetValue(o.Data)), r?.Path, has, made.Index)
                ?? throw new InvalidOperationException($"--data is needed: {runJson} records no dataset yet.");
            spec = spec with
            {
                Data = new DataSpec(path,
                    merge.PickPath("--masks", Full(result.GetValue(o.Masks)), r?.Masks, has, made.Index),
                    merge.PickPath("--backgrounds", Full(result.GetValue(o.Backgrounds)), r?.Backgrounds, has, RunResults.First(made.Edits, made.Counterfactuals)),
                    merge.PickPath("--classes", Full(result.GetValue(o.Classes)), r?.Classes, has, made.Index),
                    merge.PickOptional("--group-by", result.GetValue(o.GroupBy), r?.GroupBy, has, made.Stress)),
            };
        }
        if (needed.HasFlag(Sections.Model))
        {
            var r = spec.Model;
            bool has = r is not null;
            var baseline = made.Baseline;
            var arch = merge.Pick("--arch", result.GetValue(o.Arch), r?.Arch, DefaultArch, has, baseline);
            var weights = merge.PickPath("--weights", Full(result.GetValue(o.Weights)), r?.Weights, has, baseline);
            var onnx = merge.PickPath("--onnx", Full(result.GetValue(o.Onnx)), r?.Onnx, has, baseline);
            var newHead = merge.Pick("--new-head", result.GetValue(o.NewHead), r?.NewHead, false, has, baseline);
            if (newHead && weights is null) throw new ArgumentException("--new-head needs --weights (the backbone to start from).");
            if (onnx is not null && weights is not null) throw new ArgumentException("--onnx and --weights exclude each other: an ONNX classifier carries its weights.");
            spec = spec with
            {
                Model = new ModelSpec(arch, weights, onnx,
                    merge.Pick("--image-size", result.GetValue(o.ImageSize), r?.ImageSize, 224, has, baseline),
                    merge.Pick("--epochs", result.GetValue(o.Epochs), r?.Epochs, 10, has, baseline),
                    merge.Pick("--lr", result.GetValue(o.LearningRate), r?.LearningRate, 0.05, has, baseline),
                    merge.Pick("--batch-size", result.GetValue(o.BatchSize), r?.BatchSize, 64, has, baseline),
                    merge.Pick("--linear-probe", result.GetValue(o.LinearProbe), r?.LinearProbe, (arch == DefaultArch && weights is null) || newHead, has, baseline),
                    newHead,
                    merge.PickOptional("--resize", result.GetValue(o.Resize), r?.Resize, has, baseline),
                    merge.PickOptional("--mean", result.GetValue(o.Mean), r?.Mean, has, baseline),
                    merge.PickOptional("--std", result.GetValue(o.Std), r?.Std, has, baseline),
                    merge.Pick("--precision", result.GetValue(o.Precision) is { } precision ? ComputePrecisions.NameOf(ComputePrecisions.Parse(precision)) : null,
                        r?.Precision, has ? ComputePrecisions.Float32Name : ComputePrecisions.NameOf(ComputePrecisions.Parse(ComputePrecisions.Auto)), has, baseline),
                    merge.Pick("--lp-ft-epochs", result.GetValue(o.ProbeFineTuneEpochs), r?.ProbeFineTuneEpochs, 0, has, baseline),
                    merge.Pick("--lp-ft-lr", result.GetValue(o.ProbeFineTuneLearningRate), r?.ProbeFineTuneLearningRate, ModelSpec.DefaultProbeFineTuneLearningRate, has, baseline)),
            };
        }
        if (spec.Model is { LinearProbe: false, ProbeFineTuneEpochs: > 0 })
            throw new ArgumentException("--lp-ft-epochs fine-tunes after a linear probe: add --linear-probe, or use --epochs to train every weight from the start.");
        if (needed.HasFlag(Sections.Captions))
        {
            var r = spec.Captions;
            spec = spec with
            {
                Captions = new CaptionSpec(merge.Pick("--captioner", result.GetValue(o.Captioner), r?.Captioner, "manifest", r is not null, made.Captions),
                    merge.PickPath("--captioner-model", Full(result.GetValue(o.CaptionerModel)), r?.Model, r is not null, made.Captions)),
            };
        }
        if (needed.HasFlag(Sections.Edits))
        {
            var r = spec.Edits;
            spec = spec with
            {
                Edits = new EditSpec(merge.Pick("--perturber", result.GetValue(o.Perturber), r?.Perturber, "lexicon", r is not null, made.Edits),
                    merge.Pick("--edits-per-kind", result.GetValue(o.EditsPerKind), r?.EditsPerKind, 2, r is not null, made.Edits)),
            };
        }
        if (needed.HasFlag(Sections.Captions) || needed.HasFlag(Sections.Edits))
        {
            var r = spec.Chat;
            bool has = r is not null;
            var answered = RunResults.First(made.Captions, made.Edits);
            var url = merge.PickOptional("--chat-url", result.GetValue(o.ChatUrl), r?.Url, has, answered);
            var model = merge.PickOptional("--chat-model", result.GetValue(o.ChatModel), r?.Model, has, answered);
            var key = merge.Pick("--chat-key-env", result.GetValue(o.ChatKeyVariable), r?.KeyVariable, "OPENAI_API_KEY", has, null);
            if ((url is null) != (model is null)) throw new ArgumentException("--chat-url and --chat-model go together.");
            if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out _)) throw new ArgumentException($"--chat-url '{url}' is not an absolute URL.");
            spec = spec with { Chat = url is null ? null : new ChatSpec(url, model!, key) };
        }
        if (needed.HasFlag(Sections.Generation))
        {
            var r = spec.Generation;
            bool has = r is not null;
            var generated = made.Counterfactuals;
            spec = spec with
            {
                Generation = new GenerationSpec(
                    merge.Pick("--editor", result.GetValue(o.Editor), r?.Editor, Backends.DefaultEditor(spec.Data!), has, generated),
                    merge.Pick("--filter", result.GetValue(o.Filter), r?.Filter, "none", has, generated),
                    merge.PickPath("--models", Full(result.GetValue(o.DiffusionModels)), r?.Models, has, generated),
                    merge.PickPath("--clip", Full(result.GetValue(o.Clip)), r?.Clip, has, generated),
                    merge.PickOptional("--steps", result.GetValue(o.Steps), r?.Steps, has, generated),
                    merge.PickOptional("--guidance", result.GetValue(o.Guidance), r?.Guidance, has, generated),
                    merge.PickOptional("--strength", result.GetValue(o.Strength), r?.Strength, has, generated),
                    // The device changes where the work runs, not what it makes.
                    merge.Pick("--device", result.GetValue(o.Device), r?.Device, "cpu", has, null)),
            };
        }
        if (needed.HasFlag(Sections.Stress))
        {
            var r = spec.Stress;
            spec = spec with
            {
                Stress = new StressSpec(merge.Pick("--stress-sources", result.GetValue(o.StressSources), r?.Sources, 200, r is not null,
                        RunResults.First(made.Captions, made.Edits)),
                    merge.PickOptional("--min-effect", result.GetValue(o.MinimumEffect), r?.MinimumEffect, r?.MinimumEffect is not null, made.Stress)),
            };
        }
        if (needed.HasFlag(Sections.Reinforcement))
        {
            var r = spec.Reinforcement;
            bool has = r is not null;
            var reinforced = made.Reinforced;
            // A new budget is new work on the same baseline: budgets add up, the rows already made stay.
            var given = result.GetValue(o.Budgets);
            foreach (var b in given ?? []) Budget.Parse(b);
            IReadOnlyList<string> budgets = given is { Length: > 0 } ? [.. (has ? r!.Budgets : []).Concat(given).Distinct()] : has ? r!.Budgets : ["5%"];
            int candidates = merge.Pick("--candidates", result.GetValue(o.TargetedCandidates), r?.TargetedCandidates, 5, has, reinforced);
            if (candidates < 1) throw new ArgumentException($"--candidates {candidates}: at least 1 counterfactual per added image.");
            var frozen = merge.PickList("--finetune-freeze", result.GetValue(o.FineTuneFrozenModules), r?.FineTuneFrozenModules, [], has, reinforced);
            var maxDrop = merge.PickOptional("--max-orig-drop", result.GetValue(o.MaxOriginalDrop), r?.MaxOriginalDrop, has, reinforced);
            if (maxDrop is < 0 or > 1) throw new ArgumentException($"--max-orig-drop {maxDrop}: a share of validation accuracy between 0 and 1 (0.01 is one point).");
            spec = spec with
            {
                Reinforcement = new ReinforceSpec(budgets,
                    merge.Pick("--finetune-epochs", result.GetValue(o.FineTuneEpochs), r?.FineTuneEpochs, 2, has, reinforced),
                    merge.PickOptional("--finetune-lr", result.GetValue(o.FineTuneLearningRate), r?.FineTuneLearningRate, has, reinforced),
                    candidates, frozen is { Count: > 0 } ? frozen : null, maxDrop),
            };
        }
        return spec;
    }

    private static string? Full(FileSystemInfo? info) => info?.FullName;
}
