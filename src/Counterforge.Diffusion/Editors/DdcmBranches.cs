using Counterforge.Diffusion.Pipeline;
using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Editors;

/// <summary>
/// The two branches of a DDCM step in one batched UNet run: [source | target] conditional items, preceded by their
/// unconditional items when either guidance is not 1. Predictions are returned as ε (a v-prediction is converted
/// with the branch's own sample), since DDCM's update is written in ε.
/// </summary>
internal sealed class DdcmBranches
{
    private readonly StableDiffusion model;
    private readonly UnetRunner runner;
    private readonly float[] sourceStates, targetStates, emptyStates;
    private readonly float sourceGuidance, targetGuidance;
    private readonly bool guided;
    private readonly float[] sourceEps, targetEps;

    public DdcmBranches(StableDiffusion model, Latent clean, string sourceCaption, string targetCaption, double sourceGuidance, double targetGuidance)
    {
        this.model = model;
        (this.sourceGuidance, this.targetGuidance) = ((float)sourceGuidance, (float)targetGuidance);
        guided = sourceGuidance != 1 || targetGuidance != 1;
        sourceStates = model.TextEncoder.Encode(sourceCaption);
        targetStates = model.TextEncoder.Encode(targetCaption);
        emptyStates = guided ? model.TextEncoder.Encode("") : [];
        runner = model.Unet(guided ? 4 : 2, 4, clean.Height, clean.Width);
        (sourceEps, targetEps) = (new float[clean.Length], new float[clean.Length]);
    }

    public (float[] Source, float[] Target) Predict(ReadOnlySpan<float> source, ReadOnlySpan<float> target, int timestep)
    {
        int first = guided ? 2 : 0; // index of the source's conditional item
        if (!runner.OwnsStates(this))
        {
            int n = sourceStates.Length;
            if (guided)
            {
                emptyStates.CopyTo(runner.States);
                emptyStates.CopyTo(runner.States[n..]);
            }
            sourceStates.CopyTo(runner.States[(first * n)..]);
            targetStates.CopyTo(runner.States[((first + 1) * n)..]);
            runner.StatesWritten(this);
        }
        for (int b = 0; b < runner.Batch; b++) (b % 2 == 0 ? source : target).CopyTo(runner.SampleItem(b));
        runner.Run(timestep);
        Combine(runner.OutputItem(first), guided ? runner.OutputItem(0) : default, sourceGuidance, source, timestep, sourceEps);
        Combine(runner.OutputItem(first + 1), guided ? runner.OutputItem(1) : default, targetGuidance, target, timestep, targetEps);
        return (sourceEps, targetEps);
    }

    private void Combine(ReadOnlySpan<float> conditional, ReadOnlySpan<float> unconditional, float guidance, ReadOnlySpan<float> sample, int timestep, float[] eps)
    {
        if (unconditional.IsEmpty) conditional.CopyTo(eps);
        else Elementwise.Lerp(unconditional, conditional, guidance, eps);
        if (model.Schedule.Config.PredictionType == PredictionType.VPrediction)
        {
            var k = PredictionCoefficients.At(PredictionType.VPrediction, model.Schedule.AlphaBar(timestep));
            Elementwise.Combine(sample, (float)k.EpsFromSample, eps, (float)k.EpsFromOutput, eps);
        }
    }
}
