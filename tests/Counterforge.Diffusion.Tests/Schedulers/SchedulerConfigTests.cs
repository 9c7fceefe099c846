using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Tests.Schedulers;

public class SchedulerConfigTests
{
    // SD 1.5's file as diffusers publishes it, other schedulers' fields included.
    private const string Sd15Json = """
        {
          "_class_name": "PNDMScheduler",
          "_diffusers_version": "0.6.0",
          "beta_end": 0.012,
          "beta_schedule": "scaled_linear",
          "beta_start": 0.00085,
          "num_train_timesteps": 1000,
          "set_alpha_to_one": false,
          "skip_prk_steps": true,
          "steps_offset": 1,
          "trained_betas": null,
          "clip_sample": false
        }
        """;

    [Fact]
    public void Sd15ConfigParsesWithUnknownFieldsIgnored() =>
        Assert.Equal(SchedulerConfig.StableDiffusion15, SchedulerConfig.Parse(Sd15Json, "scheduler_config.json"));

    [Fact]
    public void Sd2FieldsAreRead()
    {
        var config = SchedulerConfig.Parse("""{"prediction_type": "v_prediction", "timestep_spacing": "trailing", "num_train_timesteps": 1000.0}""", "x.json");
        Assert.Equal(PredictionType.VPrediction, config.PredictionType);
        Assert.Equal(TimestepSpacing.Trailing, config.TimestepSpacing);
        Assert.Equal(1000, config.NumTrainTimesteps);
    }

    [Theory]
    [InlineData("""{"beta_start": "0.1"}""", "beta_start")]
    [InlineData("""{"num_train_timesteps": 10.5}""", "num_train_timesteps")]
    [InlineData("""{"set_alpha_to_one": 1}""", "set_alpha_to_one")]
    [InlineData("""{"beta_schedule": "squaredcos_cap_v2"}""", "beta_schedule")]
    [InlineData("""{"prediction_type": 3}""", "prediction_type")]
    [InlineData("""{"timestep_spacing": "karras"}""", "timestep_spacing")]
    [InlineData("""{"trained_betas": [0.1, 0.2]}""", "trained_betas")]
    [InlineData("""{"steps_offset": -1}""", "steps_offset")]
    public void WrongFieldsNameFileAndField(string json, string field)
    {
        var error = Assert.Throws<ModelSetException>(() => SchedulerConfig.Parse(json, "sched/scheduler_config.json"));
        Assert.StartsWith("sched/scheduler_config.json: ", error.Message);
        Assert.Contains($"'{field}'", error.Message);
    }

    [Fact]
    public void MissingAndMalformedFilesNameTheFile()
    {
        string dir = Directory.CreateTempSubdirectory("cf-sched-").FullName;
        try
        {
            string path = Path.Combine(dir, "scheduler_config.json");
            Assert.Contains(path, Assert.Throws<ModelSetException>(() => SchedulerConfig.Load(path)).Message);
            File.WriteAllText(path, "{ not json");
            var error = Assert.Throws<ModelSetException>(() => SchedulerConfig.Load(path));
            Assert.Equal(path, error.FilePath);
            File.WriteAllText(path, Sd15Json);
            Assert.Equal(SchedulerConfig.StableDiffusion15, SchedulerConfig.Load(path));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
