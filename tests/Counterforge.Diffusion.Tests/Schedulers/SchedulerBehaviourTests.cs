using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Tests.Schedulers;

/// <summary>Properties the editors rely on: inversion round trips, ε/v agreement, sample-space consistency, guidance.</summary>
public class SchedulerBehaviourTests
{
    private static readonly SchedulerConfig Sd15 = SchedulerConfig.StableDiffusion15;

    /// <summary>A stand-in UNet: smooth in t, weakly dependent on x (like a real one, which inversion only approximates).</summary>
    private static void StandInEpsilon(ReadOnlySpan<float> x, int t, Span<float> eps)
    {
        for (int i = 0; i < x.Length; i++) eps[i] = (float)(0.002 * Math.Sin(x[i]) + 0.2 * Math.Cos(t / 250.0 + i));
    }

    private static double RoundTripError(int steps)
    {
        var ddim = new DdimScheduler(Sd15);
        var plan = ddim.Timesteps(steps);
        float[] start = Enumerable.Range(0, 64).Select(i => (float)Math.Sin(0.37 * i) * 1.5f).ToArray();
        float[] x = (float[])start.Clone(), eps = new float[x.Length];
        // Inversion as null-text inversion does it: ε evaluated at the level being moved to.
        for (int k = plan.Length - 1; k >= 0; k--)
        {
            int from = k + 1 < plan.Length ? plan[k + 1] : NoiseSchedule.Final;
            StandInEpsilon(x, plan[k], eps);
            ddim.InverseStep(eps, from, plan[k], x, x);
        }
        for (int i = 0; i < plan.Length; i++)
        {
            StandInEpsilon(x, plan[i], eps);
            ddim.Step(eps, plan[i], NoiseSchedule.Next(plan, i), x, x, default);
        }
        return start.Zip(x, (a, b) => (double)Math.Abs(a - b)).Max();
    }

    [Fact]
    public void DdimInversionThenDenoisingReturnsTheStartAndImprovesWithSteps()
    {
        double e10 = RoundTripError(10), e25 = RoundTripError(25), e50 = RoundTripError(50);
        Assert.True(e10 > e25 && e25 > e50, $"errors {e10}, {e25}, {e50} should shrink as steps grow");
        Assert.True(e50 < 1e-3, $"50-step round trip error {e50}");
    }

    [Fact]
    public void InverseStepUndoesStepWhenTheModelOutputIsTheSame()
    {
        var ddim = new DdimScheduler(Sd15);
        float[] x = [0.3f, -1.2f, 0.8f], eps = [0.1f, -0.5f, 0.9f], down = new float[3], up = new float[3];
        ddim.Step(eps, 481, 461, x, down, default);
        ddim.InverseStep(eps, 461, 481, down, up);
        for (int i = 0; i < 3; i++) Assert.Equal(x[i], up[i], 5);
    }

    [Theory]
    [InlineData(481, 461)]
    [InlineData(981, 961)]
    [InlineData(21, NoiseSchedule.Final)]
    public void VPredictionGivesTheSameResultAsEpsilonPrediction(int t, int previous)
    {
        var schedule = new NoiseSchedule(Sd15);
        double a = Math.Sqrt(schedule.AlphaBar(t)), s = Math.Sqrt(1 - schedule.AlphaBar(t));
        float[] x0 = [0.7f, -0.2f, 1.1f], noise = [-0.4f, 1.3f, 0.05f];
        float[] xt = new float[3], v = new float[3];
        for (int i = 0; i < 3; i++)
        {
            xt[i] = (float)(a * x0[i] + s * noise[i]);
            v[i] = (float)(a * noise[i] - s * x0[i]);
        }
        IScheduler[] epsilon = [new DdimScheduler(Sd15), new EulerDiscreteScheduler(Sd15)];
        IScheduler[] velocity = [new DdimScheduler(Sd15 with { PredictionType = PredictionType.VPrediction }),
                                 new EulerDiscreteScheduler(Sd15 with { PredictionType = PredictionType.VPrediction })];
        for (int k = 0; k < 2; k++)
        {
            // Euler's sample space is x_t / √ᾱ: derive it with the scheduler's own AddNoise.
            float[] sample = new float[3];
            epsilon[k].AddNoise(x0, noise, t, sample);
            if (k == 0) Assert.Equal(xt, sample);
            float[] prevE = new float[3], x0E = new float[3], prevV = new float[3], x0V = new float[3];
            epsilon[k].Step(noise, t, previous, sample, prevE, x0E);
            velocity[k].Step(v, t, previous, sample, prevV, x0V);
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(x0[i], x0E[i], 4);
                Assert.Equal(x0E[i], x0V[i], 4);
                Assert.Equal(prevE[i], prevV[i], 4);
            }
        }
    }

    [Fact]
    public void EulerModelInputIsTheDdimSample()
    {
        var euler = new EulerDiscreteScheduler(Sd15);
        var ddim = new DdimScheduler(Sd15);
        float[] x0 = [0.5f, -1f], noise = [1f, 0.25f], eulerSample = new float[2], ddimSample = new float[2], input = new float[2];
        euler.AddNoise(x0, noise, 601, eulerSample);
        ddim.AddNoise(x0, noise, 601, ddimSample);
        euler.ScaleModelInput(eulerSample, 601, input);
        for (int i = 0; i < 2; i++) Assert.Equal(ddimSample[i], input[i], 5);
    }

    [Fact]
    public void EulerInitNoiseSigmaFollowsSpacing()
    {
        var leading = new EulerDiscreteScheduler(Sd15);
        var trailing = new EulerDiscreteScheduler(Sd15 with { TimestepSpacing = TimestepSpacing.Trailing });
        double sigma = trailing.Schedule.Sigma(999);
        Assert.Equal(sigma, trailing.InitNoiseSigma(999), 10);
        Assert.Equal(Math.Sqrt(sigma * sigma + 1), leading.InitNoiseSigma(999), 10);
        Assert.Equal(1.0, new DdimScheduler(Sd15).InitNoiseSigma(981));
    }

    [Fact]
    public void DdimClipsPredictedOriginalOnlyWhenConfigured()
    {
        float[] x0 = new float[1], next = new float[1];
        new DdimScheduler(Sd15 with { ClipSample = true }).Step([0.5f], 981, 961, [1f], next, x0);
        Assert.Equal(1f, x0[0]);
        new DdimScheduler(Sd15).Step([0.5f], 981, 961, [1f], next, x0);
        Assert.True(x0[0] > 6);
    }

    [Fact]
    public void StepIsAllocationFree()
    {
        var ddim = new DdimScheduler(Sd15);
        var euler = new EulerDiscreteScheduler(Sd15);
        float[] x = new float[4 * 64 * 64], eps = new float[x.Length], x0 = new float[x.Length];
        ddim.Step(eps, 981, 961, x, x, x0); // warm up (JIT)
        euler.Step(eps, 981, 961, x, x, x0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            ddim.Step(eps, 981, 961, x, x, x0);
            ddim.InverseStep(eps, 961, 981, x, x, x0);
            euler.ScaleModelInput(x, 981, x0);
            euler.Step(eps, 981, 961, x, x, x0);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void GuidanceCombinesUnconditionalAndConditionalHalves()
    {
        float[] batch = [1f, 2f, 3f, 6f], guided = new float[2];
        ClassifierFreeGuidance.Combine(batch, 7.5f, guided);
        Assert.Equal([1f + 7.5f * 2f, 2f + 7.5f * 4f], guided);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var schedule = new NoiseSchedule(Sd15);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Timesteps(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.TimestepsForStrength(50, 1.5));
        Assert.Empty(schedule.TimestepsForStrength(50, 0));
        var ddim = new DdimScheduler(schedule);
        Assert.Throws<ArgumentException>(() => ddim.Step(new float[2], 961, 981, new float[2], new float[2], default));
        Assert.Throws<ArgumentException>(() => ddim.Step(new float[2], 981, 961, new float[3], new float[2], default));
    }
}
