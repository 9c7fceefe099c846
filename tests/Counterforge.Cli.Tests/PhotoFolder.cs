using Counterforge.Core.Data;
using Counterforge.Scenes;
using SkiaSharp;

namespace Counterforge.Cli.Tests;

/// <summary>A photo-like copy of a scenes dataset, as a user brings one: JPEGs in split/class folders, PNG masks beside, a bank of its backgrounds.</summary>
internal static class PhotoFolder
{
    /// <summary>Writes DIR/photos, DIR/masks and DIR/bank from a background-shortcut scenes world of <paramref name="count"/> train images.</summary>
    public static void Make(string dir, int size, int count, int seed = 1)
    {
        var scenes = SceneDatasetMaker.Make(new SceneDatasetOptions(Path.Combine(dir, "scenes"), count) { ImageSize = size, Shortcut = "background", ShortcutProbability = 0.95, Seed = seed }).Dataset;
        foreach (var s in scenes.Samples.Where(s => s.Split is Splits.Train or Splits.Val or Splits.Test))
        {
            Write(dir, $"photos/{s.Split}/{s.Label}/{s.Id}.jpg", Jpeg(File.ReadAllBytes(scenes.FullPath(s))));
            Write(dir, $"masks/{s.Split}/{s.Label}/{s.Id}.png", SceneRenderer.RenderSubjectMaskPng(s.Caption!, s.Seed, size));
        }
        foreach (var background in SceneGrammar.Values("background"))
            for (int k = 0; k < 4; k++)
                Write(dir, $"bank/{background.Replace(' ', '_')}/{k}.jpg", Jpeg(SceneRenderer.RenderBackgroundPng(background, seed: 100 + k, size)));
    }

    public static void Write(string dir, string relative, byte[] bytes)
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static byte[] Jpeg(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 92);
        return data.ToArray();
    }
}
