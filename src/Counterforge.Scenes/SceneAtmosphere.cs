using SkiaSharp;

namespace Counterforge.Scenes;

/// <summary>Weather overlays and time-of-day lighting, drawn over background and subject alike.</summary>
internal static class SceneAtmosphere
{
    public static void Weather(SKCanvas canvas, string weather, int size, Random rng)
    {
        float s = size / 64f;
        switch (weather)
        {
            case "clear":
                break;
            case "rain":
                Veil(canvas, size, new SKColor(110, 120, 140, 60), new SKColor(110, 120, 140, 60));
                using (var streak = SceneBackgrounds.Stroke(Math.Max(1f, 0.8f * s)))
                {
                    streak.Color = new SKColor(210, 222, 240, 200);
                    using var streaks = new SKPathBuilder(); // one draw call for all streaks
                    int count = SceneBackgrounds.Reference / 28;
                    for (int i = 0; i < count; i++)
                    {
                        float x = SceneBackgrounds.Next(rng, 0, size + 4 * s), y = SceneBackgrounds.Next(rng, -6 * s, size);
                        float length = SceneBackgrounds.Next(rng, 4, 8) * s;
                        streaks.MoveTo(x, y);
                        streaks.LineTo(x - length * 0.35f, y + length);
                    }
                    using var path = streaks.Detach();
                    canvas.DrawPath(path, streak);
                }
                break;
            case "snowfall":
                using (var flake = new SKPaint { IsAntialias = true, Color = new SKColor(255, 255, 255, 235) })
                {
                    int count = SceneBackgrounds.Reference / 64;
                    for (int i = 0; i < count; i++)
                        canvas.DrawCircle(SceneBackgrounds.Next(rng, 0, size), SceneBackgrounds.Next(rng, 0, size),
                            SceneBackgrounds.Next(rng, 0.6f, 1.3f) * s, flake);
                }
                break;
            case "fog":
                // Denser near the ground, like real fog; strong enough to wash out textures, not to hide the subject.
                Veil(canvas, size, new SKColor(222, 226, 232, 100), new SKColor(222, 226, 232, 165));
                break;
            default:
                throw new SceneCaptionException($"cannot draw weather '{weather}'.");
        }
    }

    public static void Time(SKCanvas canvas, string time, int size)
    {
        SKColor? multiply = time switch
        {
            "day" => null,
            "dusk" => new SKColor(255, 168, 118), // warm, a little darker
            "night" => new SKColor(96, 106, 160), // dark and blue
            _ => throw new SceneCaptionException($"cannot draw time of day '{time}'."),
        };
        if (multiply is null) return;
        using var paint = new SKPaint { Color = multiply.Value, BlendMode = SKBlendMode.Multiply };
        canvas.DrawRect(0, 0, size, size, paint);
    }

    private static void Veil(SKCanvas canvas, int size, SKColor top, SKColor bottom)
    {
        using var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, size), [top, bottom], SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader };
        canvas.DrawRect(0, 0, size, size, paint);
    }
}
