using Counterforge.Backends;
using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;
using Counterforge.Vision;
using Counterforge.Vision.Weights;

namespace Counterforge.Options;

/// <summary>
/// Checks options before run.json records them and before any stage spends time: values in range, names known to the
/// registries, given paths present, and the backends of the stages about to run made once and released (a diffusion
/// model set is loaded and its graphs checked, a chat endpoint refuses a key it would send in the clear). The classifier's
/// files are checked against the dataset's classes by the train stage, the first that costs time.
/// </summary>
internal static class OptionsCheck
{
    public static void Shape(CounterforgeOptions options, CounterforgeRegistries registries)
    {
        Positive(options.Stress.Sources, "--stress-sources");
        Positive(options.Edits.EditsPerKind, "--edits-per-kind");
        if (options.Stress.MinimumEffect is < 0 or > 1 || double.IsNaN(options.Stress.MinimumEffect))
            throw new ArgumentException($"--min-effect {options.Stress.MinimumEffect}: expected a share of flips in 0..1.");
        foreach (var budget in options.Reinforcement.Budgets) Budget.Parse(budget);
        if (options.Reinforcement.TargetedCandidates < 1)
            throw new ArgumentException($"--candidates {options.Reinforcement.TargetedCandidates}: at least 1 counterfactual per added image.");
        if (options.Data.ExtraShare is < 0 or > ExtraPool.MaxShare || double.IsNaN(options.Data.ExtraShare))
            throw new ArgumentException($"--extra-share {options.Data.ExtraShare}: a share of train between 0 and {ExtraPool.MaxShare}.");
        if (!Core.Reinforcement.BlendChoice.Rules.Contains(options.Reinforcement.BlendRule))
            throw new ArgumentException($"--blend {options.Reinforcement.BlendRule}: one of {string.Join(", ", Core.Reinforcement.BlendChoice.Rules)}.");
        if (options.Reinforcement.MaxOriginalDrop is < 0 or > 1 || double.IsNaN(options.Reinforcement.MaxOriginalDrop))
            throw new ArgumentException($"--max-orig-drop {options.Reinforcement.MaxOriginalDrop}: a share of validation accuracy in 0..1 (0.01 is one point).");
        if (options.Reinforcement.AddedShare is <= 0 or >= 1) throw new ArgumentException($"The added images' share {options.Reinforcement.AddedShare} must lie strictly between 0 and 1.");
        foreach (var method in options.Reinforcement.Methods ?? []) registries.Reinforcement.Methods.Create(method);
        foreach (var selection in options.Reinforcement.Selections ?? []) registries.Reinforcement.Selections.Create(selection);
        if (options.Generation.ProtectSubject && options.Generation.Editor != Diffusion.Editors.DiffusionEditors.DiffEdit)
            throw new ArgumentException($"--protect-subject is a DiffEdit setting (it keeps the subject out of DiffEdit's mask); --editor is {options.Generation.Editor ?? "the data's default"}: use it with --editor diffedit.");
        if (options.Models.Count == 0) throw new ArgumentException("At least one model is needed.");
        foreach (var model in options.Models) Model(model, registries);
        if (options.Chat is { } chat && !Uri.TryCreate(chat.Url, UriKind.Absolute, out _)) throw new ArgumentException($"--chat-url '{chat.Url}' is not an absolute URL.");
    }

    /// <summary>The files and backends the given stages will use, each read or made once now and released.</summary>
    /// <param name="editor">The editor the generate stage will use (the options' or the data's default).</param>
    public static void Backends(BackendContext context, CounterforgeRegistries registries, PipelineStages stages, string editor)
    {
        var options = context.Options;
        Data(context);
        if (stages.HasFlag(PipelineStages.Train))
            foreach (var weights in options.Models.Select(m => m.Weights).OfType<string>())
                foreach (var tensor in StateDictFile.Read(weights).Values) tensor.Dispose();
        if (stages.HasFlag(PipelineStages.Caption)) Release(registries.Captioners.Create(options.Captions.Captioner, context));
        if (stages.HasFlag(PipelineStages.Perturb)) Release(registries.Perturbers.Create(options.Edits.Perturber, context));
        if (stages.HasFlag(PipelineStages.Generate))
        {
            // The composite editor works on the dataset, which is not indexed yet: without a bank it can only recolour masked
            // subjects, and an image folder has masks only when a mask folder is given (a manifest may name them per image).
            if (editor == "composite" && context.Bank is null && options.Data.Masks is null && IsImageFolder(context.Source.Path))
                throw new ArgumentException("--editor composite needs --backgrounds BANK (BANK/<word>/*.jpg) for background edits, or --masks DIR (subject masks) for colour edits; this image folder has neither.");
            if (editor != "composite") Release(registries.Editors.Create(editor, context));
            Release(registries.Filters.Create(options.Generation.Filter, context));
        }
    }

    private static void Release(object backend) => (backend as IDisposable)?.Dispose();

    private static bool IsImageFolder(string? path) => path is not null && Directory.Exists(path) && !Dataset.Exists(path);

    private static void Data(BackendContext context)
    {
        var data = context.Options.Data;
        if (data.Scenes is null)
        {
            var path = data.Path ?? throw new ArgumentException("No dataset: give a folder of images or a manifest (--data), or the scenes world.");
            if (!Directory.Exists(path) && !File.Exists(path))
                throw new DirectoryNotFoundException($"--data '{path}' does not exist: give an image folder (ROOT/<class>/<image>) or a manifest file (.csv, .jsonl).");
        }
        if (data.Masks is { } masks && !Directory.Exists(masks)) throw new DirectoryNotFoundException($"--masks '{masks}' does not exist.");
        if (data.Classes is { } classes) ClassNames.Read(classes);
        _ = context.Bank;
    }

    private static void Model(ModelOptions model, CounterforgeRegistries registries)
    {
        if (model.ImageSize is < 1) throw new ArgumentException($"--image-size {model.ImageSize}: a side of at least 1 pixel.");
        Positive(model.BatchSize, "--batch-size");
        if (model.Onnx is { } onnx)
        {
            if (!File.Exists(onnx)) throw new FileNotFoundException($"--onnx '{onnx}' does not exist.", onnx);
            if (model.Weights is not null) throw new ArgumentException("--onnx and --weights exclude each other: an ONNX classifier carries its weights.");
            return;
        }
        if (!registries.Classifiers.Contains(model.Architecture))
            throw new ArgumentException($"--arch '{model.Architecture}' is not known; choose one of: {string.Join(", ", registries.Classifiers.Names)}.");
        if (model.NewHead && model.Weights is null) throw new ArgumentException("--new-head needs --weights (the backbone to start from).");
        if (!ModelRecipe.UsesLinearProbe(model) && model.ProbeFineTuneEpochs is > 0)
            throw new ArgumentException("--lp-ft-epochs fine-tunes after a linear probe: add --linear-probe, or use --epochs to train every weight from the start.");
        if (model.Weights is { } weights && !File.Exists(weights)) throw new FileNotFoundException($"--weights '{weights}' does not exist.", weights);
    }

    private static void Positive(int value, string option)
    {
        if (value < 1) throw new ArgumentException($"{option} {value}: at least 1.");
    }
}
