using static TorchSharp.torch;

namespace Counterforge.Vision.Training;

/// <summary>Random crop with zero padding and random horizontal flip, drawn from a seeded <see cref="Random"/>.</summary>
internal static class Augmentation
{
    public const int CropPadding = 4;

    /// <summary>Augments a uint8 batch [N,3,H,W]; the draws per image are (dy, dx, flip), in batch order.</summary>
    public static Tensor CropAndFlip(Tensor batch, Random random)
    {
        long n = batch.shape[0], h = batch.shape[2], w = batch.shape[3];
        using var padded = nn.functional.pad(batch, new long[] { CropPadding, CropPadding, CropPadding, CropPadding });
        var crops = new Tensor[n];
        for (int i = 0; i < n; i++)
        {
            int dy = random.Next(2 * CropPadding + 1), dx = random.Next(2 * CropPadding + 1);
            bool flip = random.Next(2) == 1;
            var crop = padded[i].narrow(1, dy, h).narrow(2, dx, w);
            crops[i] = flip ? crop.flip(2) : crop;
        }
        return stack(crops);
    }
}
