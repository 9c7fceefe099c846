using SkiaSharp;

namespace Counterforge.Scenes;

/// <summary>Fills the subject's silhouette in its colour, lit from the upper left, with a darker outline.</summary>
internal static class SubjectPainter
{
    private static readonly Dictionary<string, SKColor> Colors = new()
    {
        ["red"] = new(214, 38, 38),
        ["orange"] = new(246, 134, 18),
        ["yellow"] = new(246, 214, 28),
        ["green"] = new(36, 176, 64),
        ["blue"] = new(38, 88, 232),
        ["purple"] = new(146, 56, 196),
        ["white"] = new(244, 244, 244),
    };

    public static void Draw(SKCanvas canvas, SceneSpec spec, SubjectPose pose, int size)
    {
        var color = Colors.TryGetValue(spec.Color, out var c) ? c : throw new SceneCaptionException($"cannot draw colour '{spec.Color}'.");
        var path = SubjectShapes.Get(spec.Subject);
        canvas.Save();
        canvas.Translate(pose.X, pose.Y);
        canvas.RotateDegrees(pose.Rotation);
        canvas.Scale(pose.Extent);

        // A faint light rim under the outline separates dark subjects from dark backgrounds (night sky, dusk).
        float outlineWidth = Math.Max(1f, size * 0.022f);
        using (var rim = new SKPaint
        {
            IsAntialias = true,
            Style = SKPaintStyle.Stroke,
            StrokeJoin = SKStrokeJoin.Round,
            StrokeWidth = (outlineWidth + Math.Max(1.5f, size * 0.03f)) / pose.Extent,
            Color = new SKColor(255, 255, 255, 110),
        })
            canvas.DrawPath(path, rim);

        using var shader = SKShader.CreateLinearGradient(new SKPoint(-0.4f, -0.4f), new SKPoint(0.4f, 0.4f),
            [Mix(color, SKColors.White, 0.35f), Mix(color, SKColors.Black, 0.28f)], SKShaderTileMode.Clamp);
        using var fill = new SKPaint { IsAntialias = true, Shader = shader };
        canvas.DrawPath(path, fill);

        // The outline keeps a white subject on snow, or a green one on grass, readable; its width is in pixels.
        using var outline = new SKPaint
        {
            IsAntialias = true,
            Style = SKPaintStyle.Stroke,
            StrokeJoin = SKStrokeJoin.Round,
            StrokeWidth = outlineWidth / pose.Extent,
            Color = Mix(color, new SKColor(20, 20, 30), 0.6f),
        };
        canvas.DrawPath(path, outline);
        canvas.Restore();
    }

    private static SKColor Mix(SKColor a, SKColor b, float t) => new(
        (byte)Math.Round(a.Red + (b.Red - a.Red) * t),
        (byte)Math.Round(a.Green + (b.Green - a.Green) * t),
        (byte)Math.Round(a.Blue + (b.Blue - a.Blue) * t));
}
