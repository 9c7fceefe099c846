using Counterforge.Core.Progress;
using Counterforge.Core.Runs;
using Counterforge.Vision;
using Counterforge.Vision.Weights;

namespace Counterforge.Cli.Stages;

/// <summary>
/// Checks a verb's settings before run.json records them and before any stage spends time: every named backend exists,
/// every given path is there, every model file that can be checked without the dataset loads (captioner, perturber,
/// editor, filter, chat endpoint). The classifier's files are checked against the dataset's classes by the first
/// stage (train), which is also the first that costs time.
/// </summary>
internal static class SpecCheck
{
    public static void Validate(RunFolder run, RunSpec spec, Sections sections, StageProgress progress)
    {
        var backends = new Backends(run, spec, progress);
        if (sections.HasFlag(Sections.Data)) backends.CheckData();
        if (sections.HasFlag(Sections.Model) && spec.Model is { } model) CheckModel(model);
        if (sections.HasFlag(Sections.Captions) && spec.Captions is { } captions)
        {
            using var captioner = backends.Captioner(captions) as IDisposable;
        }
        if (sections.HasFlag(Sections.Edits) && spec.Edits is { } edits)
        {
            using var perturber = backends.Perturber(edits) as IDisposable;
        }
        if (sections.HasFlag(Sections.Generation) && spec.Generation is { } generation) backends.CheckGeneration(generation);
    }

    private static void CheckModel(ModelSpec model)
    {
        if (model.Onnx is { } onnx)
        {
            if (!File.Exists(onnx)) throw new FileNotFoundException($"--onnx '{onnx}' does not exist.", onnx);
            return;
        }
        if (!ClassifierRegistry.Names.Contains(model.Arch))
            throw new ArgumentException($"--arch '{model.Arch}' is not known; choose one of: {string.Join(", ", ClassifierRegistry.Names)}.");
        if (model.Weights is { } weights)
        {
            if (!File.Exists(weights)) throw new FileNotFoundException($"--weights '{weights}' does not exist.", weights);
            foreach (var tensor in StateDictFile.Read(weights).Values) tensor.Dispose();
        }
    }
}
