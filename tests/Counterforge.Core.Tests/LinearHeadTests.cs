using Counterforge.Core.Classification;

namespace Counterforge.Core.Tests;

public class LinearHeadTests
{
    private static readonly LinearHead A = new(2, 2, [1, 0, 0, 1], [0, 0]);
    private static readonly LinearHead B = new(2, 2, [3, 2, 2, 3], [1, -1]);

    [Fact]
    public void Blend_weights_the_new_head_by_alpha()
    {
        Assert.Equal(A.Weight, A.Interpolate(B, 0).Weight);
        Assert.Equal(B.Weight, A.Interpolate(B, 1).Weight);
        Assert.Equal(new float[] { 2, 1, 1, 2 }, A.Interpolate(B, 0.5).Weight);
        Assert.Equal(new float[] { 0.5f, -0.5f }, A.Interpolate(B, 0.5).Bias);
    }

    [Fact]
    public void Probabilities_are_the_softmax_of_the_logits()
    {
        var p = B.Probabilities([1f, 0f]);
        // logits 4 and 1 → softmax = 1/(1+e^-3), e^-3/(1+e^-3)
        Assert.Equal(1 / (1 + Math.Exp(-3)), p[0], 6);
        Assert.Equal(1.0, p.Sum(), 6);
    }

    [Fact]
    public void A_feature_vector_of_the_wrong_length_is_rejected() =>
        Assert.Throws<ArgumentException>(() => A.Logits([1f, 2f, 3f]));
}
