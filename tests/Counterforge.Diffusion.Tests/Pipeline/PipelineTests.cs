using Counterforge.Diffusion.Editors;
using Counterforge.Diffusion.Models;
using Counterforge.Diffusion.Pipeline;
using Counterforge.Diffusion.Tests.Editors;
using Counterforge.Diffusion.Tests.Models;
using Microsoft.ML.OnnxRuntime.Tensors;
using static Counterforge.Diffusion.Tests.Models.OnnxGraphBuilder;

namespace Counterforge.Diffusion.Tests.Pipeline;

/// <summary>The pipeline glue against every export variant: timestep forms, id widths, VAE outputs, precision, layouts.</summary>
public sealed class PipelineTests
{
    private static float[] Predict(StandInModelSet set, int timestep = 481)
    {
        using var standIn = new StandInModel(set);
        var unet = new TextGuidedUnet(standIn.Model, 8, 8, StandInModel.SourceCaption, guidance: 7.5);
        var input = Enumerable.Range(0, 256).Select(i => (float)Math.Cos(i * 0.1)).ToArray();
        var prediction = new float[256];
        unet.Predict(input, timestep, prediction);
        return prediction;
    }

    [Fact]
    public void EveryTimestepFormAndIdWidthGivesTheSamePrediction()
    {
        var reference = Predict(new StandInModelSet { Unet = StandInUnet.Region, Region = [.. Enumerable.Range(0, 64).Select(i => i % 3 == 0)] });
        StandInModelSet[] variants =
        [
            new() { TimestepType = F32, TimestepDims = [] },
            new() { TimestepType = F32, TimestepDims = ["batch"] },
            new() { TimestepType = F16, TimestepDims = ["batch"] },
            new() { IdsType = I32 },
        ];
        foreach (var variant in variants)
        {
            var prediction = Predict(variant with { Unet = StandInUnet.Region, Region = [.. Enumerable.Range(0, 64).Select(i => i % 3 == 0)] });
            for (int i = 0; i < reference.Length; i++) Assert.Equal(reference[i], prediction[i], 5);
        }
    }

    [Fact]
    public void Float16ExportsGiveWhatFloat32OnesGiveWithinHalfPrecision()
    {
        var set = new StandInModelSet { Unet = StandInUnet.Smooth };
        var full = Predict(set);
        var half = Predict(set with { Float16 = true });
        for (int i = 0; i < full.Length; i++) Assert.Equal(full[i], half[i], 0.01);

        using var standIn = new StandInModel(set with { Float16 = true });
        Assert.Equal(TensorElementType.Float16, standIn.Model.Models.Signature.FloatType);
        string path = standIn.WriteBlockImage(64, 64);
        using var editor = new DiffEditEditor(standIn.Model, new DiffusionEditorOptions { Steps = 6, MaskNoiseDraws = 2 });
        var source = StandInModel.Pixels(path);
        var output = StandInModel.Pixels(editor.Generate(StandInModel.Sample(path), path, StandInModel.NullEdit).Png);
        // The null edit returns the block VAE's exact reconstruction, here through float16 tensors (8-bit colours survive fp16).
        Assert.All(DdimRoundTripTests.Indices(source), i => Assert.InRange(Math.Abs(source[i.Item1, i.Item2, i.Item3] - output[i.Item1, i.Item2, i.Item3]), 0, 1));
    }

    [Fact]
    public void LatentParametersGiveTheirMeanAndLatentSampleIsTakenAsIs()
    {
        var image = Enumerable.Range(0, 3 * 64 * 64).Select(i => (float)Math.Sin(i * 0.01)).ToArray();
        Latent Encode(StandInModelSet set)
        {
            using var standIn = new StandInModel(set);
            return standIn.Model.Vae.Encode(image, 64, 64);
        }
        var fromSample = Encode(new StandInModelSet());
        var fromParameters = Encode(new StandInModelSet { VaeLatentParameters = true });
        Assert.Equal((8, 8, 256), (fromParameters.Height, fromParameters.Width, fromParameters.Length));
        Assert.Equal(fromSample.Values, fromParameters.Values);
    }

    [Fact]
    public void ScalingFactorAndResolutionComeFromTheConfigs()
    {
        using (var optimum = new StandInModel(new StandInModelSet()))
        {
            Assert.Equal(0.18215f, optimum.Model.Vae.ScalingFactor);
            Assert.Equal(64, optimum.Model.Resolution); // unet/config.json sample_size 8
            Assert.Equal((64, 40), optimum.Model.ModelImageSize(96, 64));
        }
        string directory = Directory.CreateTempSubdirectory("cf-sd-").FullName;
        try
        {
            new StandInModelSet().WriteTo(directory);
            File.WriteAllText(Path.Combine(directory, "vae_decoder", "config.json"), """{"scaling_factor": 0.13025}""");
            File.Delete(Path.Combine(directory, "unet", "config.json"));
            using (var model = StableDiffusion.Load(directory))
            {
                Assert.Equal(0.13025f, model.Vae.ScalingFactor);
                Assert.Equal(StableDiffusion.DefaultResolution, model.Resolution);
            }
            File.WriteAllText(Path.Combine(directory, "vae_decoder", "config.json"), """{"scaling_factor": "big"}""");
            var error = Assert.Throws<ModelSetException>(() => StableDiffusion.Load(directory).Dispose());
            Assert.Equal(Path.Combine(directory, "vae_decoder", "config.json"), error.FilePath);
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Fact]
    public void SdTwoStyleConfigsAreReadNotAssumed()
    {
        string vPrediction = """{"beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear", "prediction_type": "v_prediction", "set_alpha_to_one": false, "steps_offset": 1, "clip_sample": false}""";
        using var standIn = new StandInModel(new StandInModelSet { HiddenSize = 64, UnetHiddenSize = 64, SchedulerJson = vPrediction });
        Assert.Equal(Counterforge.Diffusion.Schedulers.PredictionType.VPrediction, standIn.Model.Schedule.Config.PredictionType);
        Assert.Equal(64, standIn.Model.Models.Signature.TextHiddenSize);
        string path = standIn.WriteBlockImage(64, 64);
        using var editor = new SdEditEditor(standIn.Model, new DiffusionEditorOptions { Steps = 4 });
        Assert.NotEmpty(editor.Generate(StandInModel.Sample(path), path, StandInModel.BackgroundEdit).Png);
    }

    [Fact]
    public void TheOnnxBranchLayoutWithExternalWeightsRunsThroughTheFactory()
    {
        string directory = Directory.CreateTempSubdirectory("cf-sd-").FullName;
        try
        {
            StandInModelSet.OnnxBranch().WriteTo(directory);
            Assert.True(File.Exists(Path.Combine(directory, "unet", "weights.pb")));
            using var editor = DiffusionEditors.Create(DiffusionEditors.DiffEdit, directory, new DiffusionEditorOptions { Steps = 4, MaskNoiseDraws = 2, Resolution = 64 });
            Assert.Equal((TensorElementType.Int32, TimestepInput.FloatPerBatch), (editor.Model.Models.Signature.InputIdsType, editor.Model.Models.Signature.Timestep));
            string path = Path.Combine(directory, "source.png");
            using (var images = new StandInModel(new StandInModelSet())) File.Copy(images.WriteBlockImage(64, 64), path);
            var result = editor.Generate(StandInModel.Sample(path), path, StandInModel.BackgroundEdit);
            Assert.NotNull(result.MaskPng);
            Assert.Equal(64, StandInModel.Pixels(result.Png).GetLength(0));
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Fact]
    public void MissingExternalWeightsNameTheGraphAndTheFactoryFailsBeforeAnyEdit()
    {
        string directory = Directory.CreateTempSubdirectory("cf-sd-").FullName;
        try
        {
            StandInModelSet.OnnxBranch().WriteTo(directory);
            File.Delete(Path.Combine(directory, "unet", "weights.pb"));
            var error = Assert.Throws<ModelSetException>(() => DiffusionEditors.Create(DiffusionEditors.SdEdit, directory, new DiffusionEditorOptions()));
            Assert.Equal(Path.Combine(directory, "unet", "model.onnx"), error.FilePath);
            Assert.Equal(["model.onnx"], Directory.GetFiles(Path.Combine(directory, "unet")).Select(Path.GetFileName));
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Fact]
    public void ARunnerAllocatesNothingPerStepOnceWarm()
    {
        using var standIn = new StandInModel(new StandInModelSet { Unet = StandInUnet.Smooth });
        var unet = new TextGuidedUnet(standIn.Model, 8, 8, StandInModel.SourceCaption, guidance: 7.5);
        var input = new float[256];
        var prediction = new float[256];
        unet.Predict(input, 981, prediction);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 961; t > 0; t -= 20) unet.Predict(input, t, prediction);
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 49;
        Assert.True(perStep <= 256, $"{perStep} bytes allocated per step");
    }
}
