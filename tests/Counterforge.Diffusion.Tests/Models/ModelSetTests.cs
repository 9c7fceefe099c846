using Counterforge.Diffusion.Models;
using Counterforge.Diffusion.Schedulers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Diffusion.Tests.Models;

/// <summary>The real loading code against tiny stand-in graphs: valid exports of each flavour load, broken sets name the file.</summary>
public sealed class ModelSetTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("cf-models-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Path(params string[] parts) => System.IO.Path.Combine([directory, .. parts]);

    private ModelSetException LoadFails(StandInModelSet set)
    {
        set.WriteTo(directory);
        return Assert.Throws<ModelSetException>(() => ModelSet.Load(directory).Dispose());
    }

    [Fact]
    public void ValidSetLoadsWithItsSignature()
    {
        new StandInModelSet().WriteTo(directory);
        using var models = ModelSet.Load(directory);
        Assert.Equal(SchedulerConfig.StableDiffusion15, models.SchedulerConfig);
        Assert.Equal(77, models.Tokenizer.Encode("a cat").Length);
        Assert.Equal(new ModelSetSignature(TensorElementType.Float, TensorElementType.Int64, TimestepInput.Int64,
            TensorElementType.Int64, 32, 4, VaeEncoderOutput.LatentSample), models.Signature);
    }

    [Fact]
    public void TheFingerprintFollowsTheFilesContentNotWhereOrWhenTheyWereCopied()
    {
        new StandInModelSet().WriteTo(directory);
        string original;
        using (var models = ModelSet.Load(directory)) original = models.Fingerprint;
        var copy = Directory.CreateTempSubdirectory("cf-models-copy-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                var target = System.IO.Path.Combine(copy, System.IO.Path.GetRelativePath(directory, file));
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                File.Copy(file, target);
                File.SetLastWriteTimeUtc(target, DateTime.UtcNow.AddDays(1));
            }
            using (var copied = ModelSet.Load(copy)) Assert.Equal(original, copied.Fingerprint);
            var config = System.IO.Path.Combine(copy, "scheduler", "scheduler_config.json");
            File.WriteAllText(config, File.ReadAllText(config).Replace("0.012", "0.013"));
            using (var changed = ModelSet.Load(copy)) Assert.NotEqual(original, changed.Fingerprint);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void StandInUnetRunsInOnnxRuntime()
    {
        new StandInModelSet().WriteTo(directory);
        using var models = ModelSet.Load(directory);
        var inputs = new[]
        {
            NamedOnnxValue.CreateFromTensor("sample", new DenseTensor<float>(new float[1 * 4 * 8 * 8], [1, 4, 8, 8])),
            NamedOnnxValue.CreateFromTensor("timestep", new DenseTensor<long>(new long[] { 981 }, [1])),
            NamedOnnxValue.CreateFromTensor("encoder_hidden_states", new DenseTensor<float>(new float[77 * 32], [1, 77, 32])),
        };
        using var results = models.Unet.Run(inputs);
        Assert.Equal([1, 4, 8, 8], results.Single().AsTensor<float>().Dimensions.ToArray());
    }

    [Theory]
    [InlineData(OnnxGraphBuilder.F32, new object[0], TimestepInput.FloatScalar)]
    [InlineData(OnnxGraphBuilder.F32, new object[] { "batch" }, TimestepInput.FloatPerBatch)]
    [InlineData(OnnxGraphBuilder.I64, new object[] { 1 }, TimestepInput.Int64)]
    public void EveryTimestepFormLoads(int type, object[] dims, TimestepInput expected)
    {
        new StandInModelSet { TimestepType = type, TimestepDims = dims }.WriteTo(directory);
        using var models = ModelSet.Load(directory);
        Assert.Equal(expected, models.Signature.Timestep);
    }

    [Fact]
    public void Int32IdsAndLatentParametersLoad()
    {
        new StandInModelSet { IdsType = OnnxGraphBuilder.I32, VaeLatentParameters = true, HiddenSize = 48, UnetHiddenSize = 48 }.WriteTo(directory);
        using var models = ModelSet.Load(directory);
        Assert.Equal(TensorElementType.Int32, models.Signature.InputIdsType);
        Assert.Equal(VaeEncoderOutput.LatentParameters, models.Signature.VaeEncoderOutput);
        Assert.Equal(48, models.Signature.TextHiddenSize);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        new StandInModelSet().WriteTo(directory);
        File.Delete(Path("unet", "model.onnx"));
        var error = Assert.Throws<ModelSetException>(() => ModelSet.Load(directory));
        Assert.Equal(Path("unet", "model.onnx"), error.FilePath);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void WrongInputNameIsNamed()
    {
        var error = LoadFails(new StandInModelSet { IdsName = "ids" });
        Assert.Equal(Path("text_encoder", "model.onnx"), error.FilePath);
        Assert.Contains("'input_ids'", error.Message);
        Assert.Contains("'ids'", error.Message);
    }

    [Fact]
    public void WrongRankIsNamed()
    {
        var error = LoadFails(new StandInModelSet { TimestepType = OnnxGraphBuilder.F32, TimestepDims = ["batch", 1] });
        Assert.Equal(Path("unet", "model.onnx"), error.FilePath);
        Assert.Contains("'timestep' has rank 2", error.Message);
        Assert.Contains("expected rank 0 or 1", error.Message);
    }

    [Fact]
    public void CorruptProtobufIsNamed()
    {
        new StandInModelSet().WriteTo(directory);
        File.WriteAllBytes(Path("vae_decoder", "model.onnx"), [0x08, 0xFF, 0xFF, 0x12, 0x99, 0x01, 0x42, 0x13, 0x37]);
        var error = Assert.Throws<ModelSetException>(() => ModelSet.Load(directory));
        Assert.Equal(Path("vae_decoder", "model.onnx"), error.FilePath);
    }

    [Fact]
    public void MixedPrecisionIsNamed()
    {
        var error = LoadFails(new StandInModelSet { DecoderFloat16 = true });
        Assert.Equal(Path("vae_decoder", "model.onnx"), error.FilePath);
        Assert.Contains("float16", error.Message);
    }

    [Fact]
    public void TextWidthMismatchIsNamed()
    {
        var error = LoadFails(new StandInModelSet { UnetHiddenSize = 16 });
        Assert.Equal(Path("unet", "model.onnx"), error.FilePath);
    }

    [Fact]
    public void BrokenConfigFilesAreNamed()
    {
        new StandInModelSet().WriteTo(directory);
        File.WriteAllText(Path("scheduler", "scheduler_config.json"), """{"beta_schedule": 1}""");
        Assert.Equal(Path("scheduler", "scheduler_config.json"), Assert.Throws<ModelSetException>(() => ModelSet.Load(directory)).FilePath);
        File.WriteAllText(Path("model_index.json"), "[");
        Assert.Equal(Path("model_index.json"), Assert.Throws<ModelSetException>(() => ModelSet.Load(directory)).FilePath);
    }

    [Fact]
    public void CudaThatCannotStartSaysWhatToInstallForThisBuild()
    {
        // Holds on a machine without a usable GPU, in either build flavour; a test machine with CUDA 13 skips the claim.
        InvalidOperationException error;
        try
        {
            ExecutionDevices.CreateOptions(ExecutionDevice.Cuda).Dispose();
            return;
        }
        catch (InvalidOperationException e)
        {
            error = e;
        }
        bool gpuBuild = File.Exists(System.IO.Path.Combine(AppContext.BaseDirectory, ExecutionDevices.CudaProviderLibrary));
        Assert.StartsWith(ExecutionDevices.CudaUnavailable(gpuBuild), error.Message);
        Assert.Contains(gpuBuild ? "libcudart.so.13" : "-p:OnnxRuntimeGpu=true", error.Message);
    }
}
