using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Tests.Schedulers;

/// <summary>
/// SD 1.5's schedule against values computed independently in float64 by reference/scheduler_reference.py
/// (stdlib Python, no diffusers); relative tolerance 1e-5.
/// </summary>
public class SchedulerReferenceTests
{
    private static readonly NoiseSchedule Sd15 = new(SchedulerConfig.StableDiffusion15);

    private static void Close(double expected, double actual, double relative = 1e-5) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected}, got {actual}");

    [Theory]
    [InlineData(0, 0.99915)]
    [InlineData(481, 0.30229566)]
    [InlineData(499, 0.27766965)]
    [InlineData(781, 0.04345600)]
    [InlineData(999, 0.00466010)]
    public void ScaledLinearAlphaBarsMatchReference(int t, double expected) => Close(expected, Sd15.AlphaBar(t));

    [Fact]
    public void FinalLevelIsAlphaBarZeroWithoutSetAlphaToOne() => Assert.Equal(Sd15.AlphaBar(0), Sd15.AlphaBar(NoiseSchedule.Final));

    [Fact]
    public void Leading50StepsRunFrom981To1()
    {
        var plan = Sd15.Timesteps(50);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => 981 - 20 * i), plan);
    }

    [Fact]
    public void Leading30StepsRunFrom958To1()
    {
        var plan = Sd15.Timesteps(30);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => 958 - 33 * i), plan);
        Assert.Equal(1, plan[^1]);
    }

    [Fact]
    public void TrailingAndLinspaceSpacingsMatchReference()
    {
        int[] trailing = [999, 966, 932, 899, 866, 832, 799, 766, 732, 699, 666, 632, 599, 566, 532, 499, 466, 432, 399, 366, 332, 299, 266, 232, 199, 166, 132, 99, 66, 32];
        int[] linspace = [999, 965, 930, 896, 861, 827, 792, 758, 723, 689, 655, 620, 586, 551, 517, 482, 448, 413, 379, 344, 310, 276, 241, 207, 172, 138, 103, 69, 34, 0];
        Assert.Equal(trailing, new NoiseSchedule(SchedulerConfig.StableDiffusion15 with { TimestepSpacing = TimestepSpacing.Trailing }).Timesteps(30));
        Assert.Equal(linspace, new NoiseSchedule(SchedulerConfig.StableDiffusion15 with { TimestepSpacing = TimestepSpacing.Linspace }).Timesteps(30));
    }

    [Theory]
    [InlineData(0.5, 481, 25)]
    [InlineData(0.8, 781, 40)]
    [InlineData(0.58, 541, 28)] // float32 arithmetic would give 29
    public void Img2ImgStrengthKeepsTheTailOfThePlan(double strength, int firstTimestep, int steps)
    {
        var plan = Sd15.TimestepsForStrength(50, strength);
        Assert.Equal(steps, plan.Length);
        Assert.Equal(firstTimestep, plan[0]);
        Assert.Equal(1, plan[^1]);
    }

    [Fact]
    public void OneDdimStepMatchesReference()
    {
        var ddim = new DdimScheduler(Sd15);
        float[] next = new float[1], x0 = new float[1];
        ddim.Step([0.5f], 981, 961, [1f], next, x0);
        Close(6.5982588, x0[0]);
        Close(1.0612257, next[0]);
    }

    [Fact]
    public void OneDdimInverseStepMatchesReference()
    {
        var ddim = new DdimScheduler(Sd15);
        float[] next = new float[1];
        ddim.InverseStep([-0.3f], 1, 21, [0.2f], next);
        Close(0.1684488, next[0]);
    }

    [Fact]
    public void OneEulerStepMatchesReference()
    {
        var euler = new EulerDiscreteScheduler(Sd15);
        float[] next = new float[1], x0 = new float[1];
        euler.Step([0.5f], 981, 961, [1f], next, x0);
        Close(13.1204107426, Sd15.Sigma(981), 1e-9);
        Close(-5.5602053713, x0[0]);
        Close(0.2778177647, next[0]);
        Close(13.1584641221, euler.InitNoiseSigma(981));
    }
}
