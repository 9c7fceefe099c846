using Counterforge.Diffusion.Pipeline;
using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Editors;

/// <summary>
/// DiffEdit's mask (Couairon et al. 2022, as diffusers computes it): noise the latent to the mask timestep with several
/// draws, predict under the source and the edited caption, average |difference| over draws and channels, clip at
/// ratio × its mean, rescale to [0, 1] and threshold. With a shared unconditional prompt, guidance w turns the
/// difference into w·(c_edit − c_source): the unconditional branch cancels and w only scales the map, which the
/// mean-relative clipping undoes, so one batch of the two conditional items gives the same mask.
/// </summary>
internal sealed class DiffEditMask(StableDiffusion model, DiffusionEditorOptions options)
{
    public LatentMask Compute(Latent clean, string sourceCaption, string editedCaption, int maskTimestep, GaussianNoise noise)
    {
        if (options.MaskNoiseDraws < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaskNoiseDraws, "DiffEdit needs at least one noise draw for its mask");
        int plane = clean.Height * clean.Width;
        var map = new double[plane];
        var runner = model.Unet(2, 4, clean.Height, clean.Width);
        var source = model.TextEncoder.Encode(sourceCaption);
        source.CopyTo(runner.States);
        model.TextEncoder.Encode(editedCaption).CopyTo(runner.States[source.Length..]);
        runner.StatesWritten(this);

        var ddim = new DdimScheduler(model.Schedule);
        var draw = new float[clean.Length];
        for (int n = 0; n < options.MaskNoiseDraws; n++)
        {
            noise.Fill(draw);
            ddim.AddNoise(clean.Values, draw, maskTimestep, runner.SampleItem(0));
            runner.SampleItem(0).CopyTo(runner.SampleItem(1));
            runner.Run(maskTimestep);
            var fromSource = runner.OutputItem(0);
            var fromEdited = runner.OutputItem(1);
            for (int i = 0; i < clean.Length; i++) map[i % plane] += Math.Abs(fromEdited[i] - fromSource[i]);
        }
        return new LatentMask(Threshold(map, options.MaskThresholdRatio, options.MaskThreshold), clean.Height, clean.Width);
    }

    /// <summary>Clip at ratio × mean, rescale to [0, 1], then 1 where above the threshold. A zero map (no difference) is an empty mask.</summary>
    internal static float[] Threshold(double[] map, double ratio, double threshold)
    {
        double clip = map.Average() * ratio;
        var mask = new float[map.Length];
        if (!(clip > 0)) return mask;
        for (int i = 0; i < map.Length; i++) mask[i] = Math.Min(map[i], clip) / clip > threshold ? 1f : 0f;
        return mask;
    }
}
