using System.CommandLine;
using Counterforge.Options;

namespace Counterforge.Cli.Stages;

/// <summary>
/// A verb's options: what the run folder recorded (or the defaults, on a new folder) with every option given on the command
/// line in its place. Options not given keep the record's values, so later verbs need only --out. Budgets add up on a
/// recorded run: a new budget is new work on the same baseline.
/// </summary>
internal static class CommandLineOptions
{
    public static CounterforgeOptions Apply(ParseResult r, StageOptions o, CounterforgeOptions start, bool recorded)
    {
        var model = start.Models.Count > 0 ? start.Models[0] : new ModelOptions();
        model = model with
        {
            Architecture = r.GetValue(o.Arch) ?? model.Architecture,
            Weights = Path(r.GetValue(o.Weights)) ?? model.Weights,
            Onnx = Path(r.GetValue(o.Onnx)) ?? model.Onnx,
            NewHead = r.GetValue(o.NewHead) ?? model.NewHead,
            ImageSize = r.GetValue(o.ImageSize) ?? model.ImageSize,
            Resize = r.GetValue(o.Resize) ?? model.Resize,
            Mean = r.GetValue(o.Mean) ?? model.Mean,
            Std = r.GetValue(o.Std) ?? model.Std,
            Precision = r.GetValue(o.Precision) ?? model.Precision,
            BatchSize = r.GetValue(o.BatchSize) ?? model.BatchSize,
            LinearProbe = r.GetValue(o.LinearProbe) ?? model.LinearProbe,
            Epochs = r.GetValue(o.Epochs) ?? model.Epochs,
            LearningRate = r.GetValue(o.LearningRate) ?? model.LearningRate,
            ProbeFineTuneEpochs = r.GetValue(o.ProbeFineTuneEpochs) ?? model.ProbeFineTuneEpochs,
            ProbeFineTuneLearningRate = r.GetValue(o.ProbeFineTuneLearningRate) ?? model.ProbeFineTuneLearningRate,
            FineTuneEpochs = r.GetValue(o.FineTuneEpochs) ?? model.FineTuneEpochs,
            FineTuneLearningRate = r.GetValue(o.FineTuneLearningRate) ?? model.FineTuneLearningRate,
            FineTuneFrozenModules = r.GetValue(o.FineTuneFrozenModules) is { Length: > 0 } frozen ? (frozen is ["none"] ? [] : frozen) : model.FineTuneFrozenModules,
            FineTuneKeepsNormalization = r.GetValue(o.FineTuneBatchNorm) is { } bn ? bn == "keep" : model.FineTuneKeepsNormalization,
        };
        var chatUrl = r.GetValue(o.ChatUrl);
        var chatModel = r.GetValue(o.ChatModel);
        var chat = start.Chat;
        if (chatUrl is not null || chatModel is not null)
        {
            if ((chatUrl ?? chat?.Url) is not { } url || (chatModel ?? chat?.Model) is not { } name)
                throw new ArgumentException("--chat-url and --chat-model go together.");
            chat = new ChatOptions(url, name, r.GetValue(o.ChatKeyVariable) ?? chat?.KeyVariable ?? "OPENAI_API_KEY");
        }
        else if (r.GetValue(o.ChatKeyVariable) is { } key && chat is not null) chat = chat with { KeyVariable = key };

        var budgets = r.GetValue(o.Budgets) is { Length: > 0 } given
            ? recorded ? [.. start.Reinforcement.Budgets.Concat(given).Distinct()] : given
            : start.Reinforcement.Budgets;
        return start with
        {
            Seed = r.GetValue(o.Seed) ?? start.Seed,
            Data = start.Data with
            {
                Path = Path(r.GetValue(o.Data)) ?? start.Data.Path,
                Masks = Path(r.GetValue(o.Masks)) ?? start.Data.Masks,
                Backgrounds = Path(r.GetValue(o.Backgrounds)) ?? start.Data.Backgrounds,
                Classes = Path(r.GetValue(o.Classes)) ?? start.Data.Classes,
                GroupBy = r.GetValue(o.GroupBy) ?? start.Data.GroupBy,
                ExtraShare = r.GetValue(o.ExtraShare) ?? start.Data.ExtraShare,
            },
            Models = [model, .. start.Models.Skip(1)],
            Captions = new CaptionOptions(r.GetValue(o.Captioner) ?? start.Captions.Captioner, Path(r.GetValue(o.CaptionerModel)) ?? start.Captions.Model),
            Edits = new EditOptions(r.GetValue(o.Perturber) ?? start.Edits.Perturber, r.GetValue(o.EditsPerKind) ?? start.Edits.EditsPerKind),
            Chat = chat,
            Generation = new GenerationOptions(
                r.GetValue(o.Editor) ?? start.Generation.Editor,
                r.GetValue(o.Filter) ?? start.Generation.Filter,
                Path(r.GetValue(o.DiffusionModels)) ?? start.Generation.Models,
                Path(r.GetValue(o.Clip)) ?? start.Generation.Clip,
                r.GetValue(o.Steps) ?? start.Generation.Steps,
                r.GetValue(o.Guidance) ?? start.Generation.Guidance,
                r.GetValue(o.Strength) ?? start.Generation.Strength,
                r.GetValue(o.Device) ?? start.Generation.Device,
                r.GetValue(o.KeepSourceDetail) ?? start.Generation.KeepSourceDetail,
                r.GetValue(o.ProtectSubject) ?? start.Generation.ProtectSubject,
                r.GetValue(o.Resolution) ?? start.Generation.Resolution),
            Stress = new StressOptions(r.GetValue(o.StressSources) ?? start.Stress.Sources, r.GetValue(o.MinimumEffect) ?? start.Stress.MinimumEffect),
            Reinforcement = start.Reinforcement with
            {
                Budgets = budgets,
                TargetedCandidates = r.GetValue(o.TargetedCandidates) ?? start.Reinforcement.TargetedCandidates,
                Methods = r.GetValue(o.Methods) is { Length: > 0 } methods ? methods : start.Reinforcement.Methods,
                Selections = r.GetValue(o.Selections) is { Length: > 0 } selections ? selections : start.Reinforcement.Selections,
                ReinforceAnyway = r.GetValue(o.ReinforceAnyway) ?? start.Reinforcement.ReinforceAnyway,
                MaxOriginalDrop = r.GetValue(o.MaxOriginalDrop) ?? start.Reinforcement.MaxOriginalDrop,
                BlendRule = r.GetValue(o.BlendRule) ?? start.Reinforcement.BlendRule,
            },
        };
    }

    private static string? Path(FileSystemInfo? info) => info?.FullName;
}
