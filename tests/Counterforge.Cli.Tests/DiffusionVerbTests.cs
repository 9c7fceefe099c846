using System.Text.Json.Nodes;
using Counterforge.Diffusion.Tests.Models;
using Counterforge.Scenes;
using SkiaSharp;

namespace Counterforge.Cli.Tests;

/// <summary>`generate --editor diffedit --models DIR` on a folder of photos with no masks and no bank, with a stand-in model set.</summary>
public sealed class DiffusionVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-diffusion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Diffedit_generates_counterfactuals_with_their_masks_from_captions_alone()
    {
        foreach (var subject in new[] { "star", "heart" })
            for (int i = 0; i < 10; i++)
            {
                var caption = SceneGrammar.Format(SceneGrammar.Spec(subject, "large", "red", "grass", "clear", "day"));
                using var bitmap = SKBitmap.Decode(SceneRenderer.RenderPng(caption, seed: i, 48));
                using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
                Directory.CreateDirectory(Path.Combine(_dir, "photos", subject));
                File.WriteAllBytes(Path.Combine(_dir, "photos", subject, $"{i}.jpg"), jpeg.ToArray());
            }
        var models = new StandInModelSet().WriteTo(Directory.CreateDirectory(Path.Combine(_dir, "sd")).FullName);
        var run = Path.Combine(_dir, "run");

        foreach (var args in new[]
        {
            new[] { "caption", "--data", Path.Combine(_dir, "photos"), "--stress-sources", "4" },
            ["perturb", "--edits-per-kind", "1"],
            ["generate", "--editor", "diffedit", "--models", models, "--steps", "10"],
        })
        {
            var result = CliProcess.Run([.. args, "--out", run]);
            Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}\n{result.Output}");
        }

        var made = File.ReadAllLines(Path.Combine(run, "counterfactuals.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        var edited = made.Where(c => c["kind"]!.GetValue<string>() != "null").ToList();
        Assert.NotEmpty(edited);
        Assert.All(made, c => Assert.True(c["accepted"]!.GetValue<bool>(), c.ToJsonString()));
        Assert.All(edited, c => Assert.True(File.Exists(Path.Combine(run, c["mask_path"]!.GetValue<string>())), c.ToJsonString()));
        Assert.StartsWith("diffedit:", made[0]["editor"]!.GetValue<string>());
        Assert.Empty(Directory.EnumerateFiles(run, ".*.tmp", SearchOption.AllDirectories));
    }
}
