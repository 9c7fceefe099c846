using SkiaSharp;

namespace Counterforge.Scenes;

/// <summary>
/// Subject silhouettes in unit coordinates: centred on the origin, largest dimension 1, so that the renderer scales
/// them by the subject's extent in pixels. Chosen to differ in outline, not in detail, so they survive 32 px.
/// </summary>
internal static class SubjectShapes
{
    // Paths are built once per thread: Skia paths are not documented as safe to share across threads while drawing.
    private static readonly ThreadLocal<Dictionary<string, SKPath>> Cache = new(() => new()
    {
        ["star"] = Star(),
        ["heart"] = Heart(),
        ["crescent"] = Crescent(),
        ["arrow"] = Arrow(),
    });

    public static SKPath Get(string subject) =>
        Cache.Value!.TryGetValue(subject, out var path) ? path : throw new SceneCaptionException($"cannot draw subject '{subject}'.");

    private static SKPath Star()
    {
        using var path = new SKPathBuilder();
        const float outer = 0.5f, inner = 0.21f, shiftDown = 0.047f; // the lower points end at 0.405: shift to centre
        for (int i = 0; i < 10; i++)
        {
            float r = i % 2 == 0 ? outer : inner;
            double angle = -Math.PI / 2 + i * Math.PI / 5;
            var point = new SKPoint((float)(r * Math.Cos(angle)), (float)(r * Math.Sin(angle)) + shiftDown);
            if (i == 0) path.MoveTo(point); else path.LineTo(point);
        }
        path.Close();
        return path.Detach();
    }

    private static SKPath Heart()
    {
        using var path = new SKPathBuilder();
        path.MoveTo(0, 0.46f);
        path.CubicTo(-0.12f, 0.32f, -0.5f, 0.12f, -0.5f, -0.16f);
        path.CubicTo(-0.5f, -0.46f, -0.1f, -0.54f, 0, -0.26f);
        path.CubicTo(0.1f, -0.54f, 0.5f, -0.46f, 0.5f, -0.16f);
        path.CubicTo(0.5f, 0.12f, 0.12f, 0.32f, 0, 0.46f);
        path.Close();
        return path.Detach();
    }

    private static SKPath Crescent()
    {
        // The bite removes the right side, so the disc sits right of the origin to centre what is left.
        using var disc = Circle(0.08f, 0, 0.5f);
        using var bite = Circle(0.32f, -0.06f, 0.41f);
        return disc.Op(bite, SKPathOp.Difference) ?? throw new InvalidOperationException("Skia could not build the crescent.");
    }

    private static SKPath Circle(float x, float y, float radius)
    {
        using var builder = new SKPathBuilder();
        builder.AddCircle(x, y, radius, SKPathDirection.Clockwise);
        return builder.Detach();
    }

    private static SKPath Arrow()
    {
        using var path = new SKPathBuilder();
        path.MoveTo(-0.5f, -0.11f);
        path.LineTo(0.06f, -0.11f);
        path.LineTo(0.06f, -0.3f);
        path.LineTo(0.5f, 0);
        path.LineTo(0.06f, 0.3f);
        path.LineTo(0.06f, 0.11f);
        path.LineTo(-0.5f, 0.11f);
        path.Close();
        return path.Detach();
    }
}
