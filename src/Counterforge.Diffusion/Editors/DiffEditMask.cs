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
        // Several draws share a UNet call where the latent is small (BatchDenoising's budget of cells per call).
        int drawsPerCall = Math.Clamp(BatchDenoising.MaxCellsPerCall / (2 * clean.Height * clean.Width), 1, options.MaskNoiseDraws);
        var map = DifferenceMap(clean, sourceCaption, editedCaption, maskTimestep, noise, drawsPerCall);
        return new LatentMask(Threshold(map, options.MaskThresholdRatio, options.MaskThreshold), clean.Height, clean.Width);
    }

    /// <summary>Σ over draws and channels of |ε(edited) − ε(source)| per latent cell, <paramref name="drawsPerCall"/> draws to a UNet call.</summary>
    internal double[] DifferenceMap(Latent clean, string sourceCaption, string editedCaption, int maskTimestep, GaussianNoise noise, int drawsPerCall)
    {
        int plane = clean.Height * clean.Width;
        var map = new double[plane];
        var source = model.TextEncoder.Encode(sourceCaption);
        var edited = model.TextEncoder.Encode(editedCaption);
        var ddim = new DdimScheduler(model.Schedule);
        var draw = new float[clean.Length];
        for (int first = 0; first < options.MaskNoiseDraws; first += drawsPerCall)
        {
            int draws = Math.Min(drawsPerCall, options.MaskNoiseDraws - first);
            var runner = model.Unet(2 * draws, 4, clean.Height, clean.Width);
            for (int d = 0; d < draws; d++)
            {
                source.CopyTo(runner.States[(2 * d * source.Length)..]);
                edited.CopyTo(runner.States[((2 * d + 1) * source.Length)..]);
            }
            runner.StatesWritten(this);
            for (int d = 0; d < draws; d++)
            {
                noise.Fill(draw);
                ddim.AddNoise(clean.Values, draw, maskTimestep, runner.SampleItem(2 * d));
                runner.SampleItem(2 * d).CopyTo(runner.SampleItem(2 * d + 1));
            }
            runner.Run(maskTimestep);
            for (int d = 0; d < draws; d++)
            {
                var fromSource = runner.OutputItem(2 * d);
                var fromEdited = runner.OutputItem(2 * d + 1);
                for (int i = 0; i < clean.Length; i++) map[i % plane] += Math.Abs(fromEdited[i] - fromSource[i]);
            }
        }
        return map;
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
