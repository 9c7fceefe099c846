using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>
/// The UNet's prediction for one latent under one caption with classifier-free guidance: unconditional and
/// conditional items in one batched run, combined as u + w·(c − u). Guidance 1 runs the conditional item alone.
/// </summary>
public sealed class TextGuidedUnet
{
    private readonly UnetRunner runner;
    private readonly float[] conditional, unconditional;
    private readonly float guidance;

    public TextGuidedUnet(StableDiffusion model, int latentHeight, int latentWidth, string caption, double guidance)
    {
        if (!(guidance >= 0)) throw new ArgumentOutOfRangeException(nameof(guidance), guidance, "guidance must be non-negative");
        this.guidance = (float)guidance;
        Guided = guidance != 1;
        conditional = model.TextEncoder.Encode(caption);
        unconditional = Guided ? model.TextEncoder.Encode("") : [];
        runner = model.Unet(Guided ? 2 : 1, 4, latentHeight, latentWidth);
    }

    /// <summary>Whether each prediction runs a batch of two (unconditional + conditional).</summary>
    public bool Guided { get; }

    public UnetRunner Runner => runner;

    /// <summary>The guided prediction at <paramref name="timestep"/> for a model input (4 × h × w).</summary>
    public void Predict(ReadOnlySpan<float> modelInput, int timestep, Span<float> prediction)
    {
        if (!runner.OwnsStates(this))
        {
            if (Guided)
            {
                unconditional.CopyTo(runner.States);
                conditional.CopyTo(runner.States[unconditional.Length..]);
            }
            else conditional.CopyTo(runner.States);
            runner.StatesWritten(this);
        }
        for (int b = 0; b < runner.Batch; b++) modelInput.CopyTo(runner.SampleItem(b));
        runner.Run(timestep);
        if (Guided) ClassifierFreeGuidance.Combine(runner.Output, guidance, prediction);
        else runner.Output.CopyTo(prediction);
    }
}
