using Counterforge.Core.Generation;
using Counterforge.Core.Runs;
using Counterforge.Diffusion.Editors;
using Counterforge.SceneModels;
using Counterforge.Scenes;

namespace Counterforge.Cli.Demo;

/// <summary>
/// The demo's counterfactual generator: the exact scene editor with no filter, or a diffusion editor on the shipped
/// miniature scenes model set with the attribute oracle as its filter (a generated image is kept only when the edit
/// shows and the subject survived, as LANCE keeps only what its CLIP checks pass).
/// </summary>
internal sealed class DemoGenerator : IDisposable
{
    private readonly DiffusionEditor? diffusion;
    private readonly SceneAttributeOracle? oracle;

    private DemoGenerator(IImageEditor editor, ICounterfactualFilter filter, DiffusionEditor? diffusion, SceneAttributeOracle? oracle)
    {
        Editor = editor;
        Filter = filter;
        this.diffusion = diffusion;
        this.oracle = oracle;
    }

    public IImageEditor Editor { get; }
    public ICounterfactualFilter Filter { get; }

    public static DemoGenerator Create(DemoSettings settings)
    {
        if (settings.Editor == DemoSettings.ExactEditor) return new DemoGenerator(new SceneEditor(settings.ImageSize), new AcceptAllFilter(), null, null);
        if (!DiffusionEditors.Names.Contains(settings.Editor))
            throw new ArgumentException($"--editor '{settings.Editor}': expected {DemoSettings.ExactEditor} or a diffusion editor ({string.Join(", ", DiffusionEditors.Names)}).");
        var diffusion = DiffusionEditors.Create(settings.Editor, ScenesModelSet.DefaultDirectory, new DiffusionEditorOptions { Seed = settings.Seed, KeepSourceDetail = settings.KeepSourceDetail });
        var oracle = SceneAttributeOracle.Load(ScenesModelSet.DefaultDirectory);
        return new DemoGenerator(diffusion, new OracleFilter(oracle), diffusion, oracle);
    }

    /// <summary>Counts over every counterfactual the run made with this editor.</summary>
    public GenerationSummary Summary(RunFolder run) => GenerationSummary.Of(Editor.Name, diffusion?.Model.Models.Fingerprint,
        JsonlFile.ReadAll<Counterfactual>(run.CounterfactualsFile).Where(c => c.Editor == $"{Editor.Name}:{Editor.ConfigKey}").ToList());

    public void Dispose()
    {
        diffusion?.Dispose();
        oracle?.Dispose();
    }
}
