using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Tests.Schedulers;

/// <summary>LCM plans and steps against reference/scheduler_reference.py (lcm_plan, lcm_step).</summary>
public class LcmSchedulerTests
{
    private static readonly LcmScheduler Lcm = new(SchedulerConfig.StableDiffusion15);

    [Fact]
    public void PlansFollowTheTeacherGridFromTheNoisyEnd()
    {
        Assert.Equal([999, 759, 499, 259], Lcm.Timesteps(4));
        Assert.Equal([999, 879, 759, 639, 499, 379, 259, 139], Lcm.Timesteps(8));
        Assert.Equal([499, 379, 259, 139], Lcm.TimestepsForStrength(4, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lcm.Timesteps(51));
    }

    [Fact]
    public void AStepReNoisesTheConsistencyEstimate()
    {
        float[] next = new float[1], denoised = new float[1];
        Lcm.Step([0.5f], 259, 19, [1.0f], [0.25f], next, denoised);
        Assert.Equal(0.8721815670, denoised[0], 1e-6);
        Assert.Equal(0.8977165731, next[0], 1e-6);
    }

    [Fact]
    public void TheLastStepReturnsTheEstimateAndTheBoundaryConditionMattersNearZero()
    {
        float[] next = new float[1], denoised = new float[1];
        Lcm.Step([0.1f], 1, NoiseSchedule.Final, [0.3f], default, next, denoised);
        Assert.Equal(0.2965031484, denoised[0], 1e-6);
        Assert.Equal(denoised[0], next[0]);
        var (skip, output) = Lcm.BoundaryScalings(999);
        Assert.True(skip < 1e-6 && output > 0.999999);
    }
}
