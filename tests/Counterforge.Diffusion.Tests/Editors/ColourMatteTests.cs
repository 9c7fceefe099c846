using Counterforge.Diffusion.Images;

namespace Counterforge.Diffusion.Tests.Editors;

/// <summary>The colour matte: background left in a coarse mask's frame is edited too; the subject is not.</summary>
public sealed class ColourMatteTests
{
    private const int Size = 32;

    /// <summary>Green stripes (two greens) everywhere, a red square at 12–19; the mask edits all but the block 8–23 (square + frame).</summary>
    private static (float[] Source, float[] Weight) Scene()
    {
        int plane = Size * Size;
        var source = new float[3 * plane];
        var weight = new float[plane];
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                int i = y * Size + x;
                bool subject = y is >= 12 and < 20 && x is >= 12 and < 20;
                (source[i], source[plane + i], source[2 * plane + i]) = subject ? (0.9f, -0.8f, -0.8f) : x % 2 == 0 ? (-0.6f, 0.4f, -0.6f) : (-0.5f, 0.2f, -0.7f);
                weight[i] = y is >= 8 and < 24 && x is >= 8 and < 24 ? 0f : 1f;
            }
        return (source, weight);
    }

    [Fact]
    public void TheFrameOfBackgroundIsEditedAndTheSubjectIsKept()
    {
        var (source, weight) = Scene();
        var extended = ColourMatte.Extend(source, weight, Size, Size);
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                float w = extended[y * Size + x];
                if (y is >= 13 and < 19 && x is >= 13 and < 19) Assert.Equal(0f, w);
                else if (!(y is >= 11 and < 21 && x is >= 11 and < 21)) Assert.Equal(1f, w);
            }
    }

    [Fact]
    public void ASubjectInTheBackgroundsColoursKeepsItsFrame()
    {
        var (source, weight) = Scene();
        int plane = Size * Size;
        for (int i = 0; i < plane; i++)
            if (weight[i] == 0) (source[i], source[plane + i], source[2 * plane + i]) = (0.9f, -0.8f, -0.8f);
        Assert.Equal(weight, ColourMatte.Extend(source, weight, Size, Size));
    }
}
