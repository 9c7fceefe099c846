using Counterforge.Core.Generation;
using Counterforge.Core.Runs;
using Counterforge.Diffusion.Editors;
using Counterforge.SceneModels;
using Counterforge.Scenes;

namespace Counterforge.Cli.Demo;

/// <summary>
/// The demo's counterfactual generator: the exact scene editor with no filter, or a diffusion editor on the shipped
/// miniature scenes model set with the attribute oracle as its filter (a generated image is kept only when the edit
/// shows and the subject survived, as LANCE keeps only what its CLIP checks pass). Each model's loop gets its own editor
/// (the loop disposes what it is given); the oracle is shared and released with this object.
/// </summary>
internal sealed class DemoGenerator : IDisposable
{
    private readonly DemoSettings settings;
    private readonly SceneAttributeOracle? oracle;
    private string? editorKey, modelSetFingerprint;

    private DemoGenerator(DemoSettings settings, SceneAttributeOracle? oracle)
    {
        this.settings = settings;
        this.oracle = oracle;
    }

    public static DemoGenerator Create(DemoSettings settings)
    {
        if (settings.Editor == DemoSettings.ExactEditor) return new DemoGenerator(settings, null);
        if (!DiffusionEditors.Names.Contains(settings.Editor))
            throw new ArgumentException($"--editor '{settings.Editor}': expected {DemoSettings.ExactEditor} or a diffusion editor ({string.Join(", ", DiffusionEditors.Names)}).");
        return new DemoGenerator(settings, SceneAttributeOracle.Load(ScenesModelSet.DefaultDirectory));
    }

    public IImageEditor CreateEditor()
    {
        IImageEditor editor;
        if (oracle is null) editor = new SceneEditor(settings.ImageSize);
        else
        {
            var diffusion = DiffusionEditors.Create(settings.Editor, ScenesModelSet.DefaultDirectory,
                new DiffusionEditorOptions { Seed = settings.Seed, KeepSourceDetail = settings.KeepSourceDetail });
            modelSetFingerprint = diffusion.Model.Models.Fingerprint;
            editor = diffusion;
        }
        editorKey = $"{editor.Name}:{editor.ConfigKey}";
        return editor;
    }

    public ICounterfactualFilter CreateFilter() => oracle is null ? new AcceptAllFilter() : new OracleFilter(oracle);

    /// <summary>Counts over every counterfactual the run made with this editor.</summary>
    public GenerationSummary Summary(RunFolder run)
    {
        // A resumed run whose images were all made before never asked for an editor: open one for its key.
        if (editorKey is null) (CreateEditor() as IDisposable)?.Dispose();
        return GenerationSummary.Of(settings.Editor, modelSetFingerprint,
            JsonlFile.ReadAll<Counterfactual>(run.CounterfactualsFile).Where(c => c.Editor == editorKey).ToList());
    }

    public void Dispose() => oracle?.Dispose();
}
