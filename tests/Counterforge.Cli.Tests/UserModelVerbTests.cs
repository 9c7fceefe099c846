using System.Text.Json.Nodes;
using Counterforge.Diffusion.Tests.Models;
using Counterforge.Scenes;
using Counterforge.Vision;

namespace Counterforge.Cli.Tests;

/// <summary>Models the user brings: trained weights as the baseline (nothing trained), and an ONNX classifier (stress test only).</summary>
[Trait("Category", "Slow")]
public sealed class UserModelVerbTests : IDisposable
{
    private const int Size = 32;
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-usermodel-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Scenes()
    {
        var data = Path.Combine(_dir, "data");
        var made = CliProcess.Run(["scenes", "make", "--out", data, "--count", "80", "--size", $"{Size}", "--seed", "4"]);
        Assert.True(made.ExitCode == 0, made.Output);
        return data;
    }

    private static CliProcess.Outcome Ok(params string[] args)
    {
        var result = CliProcess.Run(args);
        Assert.True(result.ExitCode == 0, $"counterforge {string.Join(' ', args)}\n{result.Output}");
        return result;
    }

    [Fact]
    public void Given_weights_are_the_baseline_as_they_are_and_are_stress_tested()
    {
        var data = Scenes();
        var weights = Path.Combine(_dir, "mine.safetensors");
        using (var mine = ClassifierRegistry.Create("resnet18", SceneGrammar.Classes, seed: 9, imageSize: Size)) mine.Save(weights);
        var run = Path.Combine(_dir, "run");

        var train = Ok("train", "--data", data, "--arch", "resnet18", "--weights", weights, "--image-size", $"{Size}", "--out", run);
        Assert.Contains("nothing trained", train.Output);
        Assert.Equal(File.ReadAllBytes(weights), File.ReadAllBytes(Path.Combine(run, "models", "resnet18-baseline.safetensors")));
        Ok("caption", "--stress-sources", "12", "--out", run);
        Ok("perturb", "--out", run);
        Ok("generate", "--out", run);
        Ok("stress-test", "--out", run);
        Assert.True(File.Exists(Path.Combine(run, "stress", "resnet18-test.json")));

        var wrong = CliProcess.Run(["train", "--data", data, "--arch", "resnet34", "--weights", weights, "--image-size", $"{Size}", "--out", Path.Combine(_dir, "wrong")]);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("mine.safetensors", wrong.Output); // names the file whose keys do not fit the architecture
    }

    [Fact]
    public void An_onnx_classifier_runs_through_every_stage_but_reinforcement()
    {
        var data = Scenes();
        var model = OnnxModel(SceneGrammar.Classes.Count);
        var run = Path.Combine(_dir, "onnx-run");
        var result = Ok("run", "--data", data, "--onnx", model, "--image-size", $"{Size}", "--stress-sources", "12", "--out", run);
        Assert.Contains("nothing to train", result.Output);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        Assert.Equal("onnx", summary["model"]!.GetValue<string>());
        Assert.Empty(summary["reinforcement"]!.AsArray());
        var reinforce = CliProcess.Run(["reinforce", "--out", run]);
        Assert.Equal(1, reinforce.ExitCode);
        Assert.Contains("can be stress-tested but not reinforced", reinforce.Output);
    }

    /// <summary>image [N,3,32,32] → GlobalAveragePool → Flatten → Gemm → logits [N, classes].</summary>
    private string OnnxModel(int classes)
    {
        var graph = new OnnxGraphBuilder("gap")
            .Input("image", OnnxGraphBuilder.F32, "N", 3, Size, Size)
            .Output("logits", OnnxGraphBuilder.F32, "N", classes);
        graph.Node("GlobalAveragePool", ["image"], "pooled");
        graph.Node("Flatten", ["pooled"], "flat");
        var weights = Enumerable.Range(0, classes * 3).Select(i => (i % 5 - 2) * 0.7f).ToArray();
        graph.Node("Gemm", ["flat", graph.Floats("W", [classes, 3], weights)], "logits", ("transB", 1));
        var path = Path.Combine(_dir, "model.onnx");
        graph.Save(path);
        return path;
    }
}
