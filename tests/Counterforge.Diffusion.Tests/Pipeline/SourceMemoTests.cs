using Counterforge.Diffusion.Pipeline;

namespace Counterforge.Diffusion.Tests.Pipeline;

public sealed class SourceMemoTests
{
    [Fact]
    public void AResultIsComputedOncePerLatentAndKeyAndTheOldestLeaveFirstWhenTheBudgetIsFull()
    {
        int computed = 0;
        // Each entry holds its 4-float latent and a 4-float value: a budget of 24 floats keeps three.
        var memo = new SourceMemo<float[]>(24, value => value.Length);
        float[] Get(float[] latent, string key) => memo.GetOrCompute(latent, key, () => { computed++; return [latent[0], 0, 0, 0]; });
        float[] a = [1, 2, 3, 4], b = [5, 6, 7, 8], c = [9, 10, 11, 12], d = [13, 14, 15, 16];

        var first = Get(a, "k");
        Assert.Same(first, Get([1, 2, 3, 4], "k"));
        Assert.Equal(1, computed);
        Get(a, "other key");
        Get(b, "k");
        Assert.Equal(3, computed);
        Assert.Equal(3, memo.Count);

        Get(a, "k");                 // used again: now the newest
        Get(c, "k");                 // the budget drops the oldest, a under "other key"
        Assert.Equal(4, computed);
        Assert.Equal(3, memo.Count);
        Get(a, "k");
        Get(b, "k");
        Assert.Equal(4, computed);
        Get(a, "other key");
        Assert.Equal(5, computed);
        Get(d, "k");
        Assert.Equal(6, computed);
        Assert.Equal(3, memo.Count);
    }

    [Fact]
    public void ALatentThatDiffersInOneValueNeverSharesAnEntryAndAResultOverTheBudgetIsNotKept()
    {
        int computed = 0;
        var memo = new SourceMemo<float[]>(100, value => value.Length);
        memo.GetOrCompute([1, 2, 3], "k", () => { computed++; return [1]; });
        memo.GetOrCompute([1, 2, 3.0001f], "k", () => { computed++; return [2]; });
        Assert.Equal(2, computed);
        memo.GetOrCompute([0], "big", () => { computed++; return new float[200]; });
        memo.GetOrCompute([0], "big", () => { computed++; return new float[200]; });
        Assert.Equal(4, computed);
        Assert.Equal(2, memo.Count);
    }
}
