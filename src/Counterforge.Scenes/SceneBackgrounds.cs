using SkiaSharp;

namespace Counterforge.Scenes;

/// <summary>
/// Procedural background textures. Each is meant to be salient (a classifier can latch onto it, which is the point of
/// the shortcut) and distinct from the others in both colour and structure. Sizes scale with the image, so a texture
/// looks the same at 32 px and 224 px.
/// </summary>
internal static class SceneBackgrounds
{
    /// <summary>
    /// Element counts are fixed for the 64 px design: elements grow with the image, so a count that grew with the area
    /// too would bury a 224 px image in dots.
    /// </summary>
    internal const int Reference = 64 * 64;

    public static void Draw(SKCanvas canvas, string background, int size, Random rng)
    {
        float s = size / 64f;
        switch (background)
        {
            case "grass": Grass(canvas, size, s, rng); break;
            case "water": Water(canvas, size, s, rng); break;
            case "sand": Sand(canvas, size, s, rng); break;
            case "snow": Snow(canvas, size, s, rng); break;
            case "bricks": Bricks(canvas, size, s, rng); break;
            case "night sky": NightSky(canvas, size, s, rng); break;
            default: throw new SceneCaptionException($"cannot draw background '{background}'.");
        }
    }

    private static void Grass(SKCanvas canvas, int size, float s, Random rng)
    {
        Gradient(canvas, size, new SKColor(74, 150, 52), new SKColor(38, 104, 32));
        SKColor[] greens = [new(30, 90, 25), new(58, 128, 40), new(96, 178, 64), new(128, 200, 80)];
        // One path per shade: a single draw call each is several times faster than a call per blade.
        var shades = greens.Select(_ => new SKPathBuilder()).ToArray();
        int blades = Reference / 10;
        for (int i = 0; i < blades; i++)
        {
            float x = Next(rng, -2, size + 2), y = Next(rng, 0, size + 6 * s);
            float length = Next(rng, 3, 7) * s, lean = Next(rng, -2, 2) * s;
            var shade = shades[rng.Next(greens.Length)];
            shade.MoveTo(x, y);
            shade.LineTo(x + lean, y - length);
        }
        using var paint = Stroke(Math.Max(1f, 0.9f * s));
        for (int i = 0; i < greens.Length; i++)
        {
            paint.Color = greens[i];
            using var path = shades[i].Detach();
            canvas.DrawPath(path, paint);
            shades[i].Dispose();
        }
    }

    private static void Water(SKCanvas canvas, int size, float s, Random rng)
    {
        Gradient(canvas, size, new SKColor(44, 112, 196), new SKColor(18, 58, 140));
        using var light = Stroke(Math.Max(1f, 1.1f * s));
        using var dark = Stroke(Math.Max(1f, 1.1f * s));
        light.Color = new SKColor(150, 205, 250, 220);
        dark.Color = new SKColor(14, 44, 110, 200);
        using var lightCrests = new SKPathBuilder();
        using var darkCrests = new SKPathBuilder();
        float spacing = 5.5f * s, phase = Next(rng, 0, spacing);
        for (float y = phase - spacing; y < size + spacing; y += spacing)
        {
            // Each row is a chain of short crests ("︶" arcs) with random gaps: reads as waves even at 32 px.
            for (float x = Next(rng, -8, 0) * s; x < size; x += Next(rng, 8, 14) * s)
            {
                float width = Next(rng, 4, 8) * s, rowY = y + Next(rng, -1, 1) * s;
                var crests = rng.Next(3) == 0 ? darkCrests : lightCrests;
                crests.MoveTo(x, rowY);
                crests.QuadTo(x + width / 2, rowY - 2.2f * s, x + width, rowY);
            }
        }
        using (var path = lightCrests.Detach()) canvas.DrawPath(path, light);
        using (var path = darkCrests.Detach()) canvas.DrawPath(path, dark);
    }

    private static void Sand(SKCanvas canvas, int size, float s, Random rng)
    {
        Gradient(canvas, size, new SKColor(236, 204, 142), new SKColor(214, 178, 112));
        using var ripple = Stroke(Math.Max(1f, 0.8f * s));
        ripple.Color = new SKColor(196, 158, 96, 160);
        using var ripples = new SKPathBuilder();
        for (float y = Next(rng, 4, 12) * s; y < size; y += Next(rng, 12, 18) * s)
        {
            ripples.MoveTo(-2, y);
            ripples.CubicTo(size * 0.3f, y - Next(rng, 2, 5) * s, size * 0.6f, y + Next(rng, 2, 5) * s, size + 2, y);
        }
        using (var path = ripples.Detach()) canvas.DrawPath(path, ripple);
        Dots(canvas, size, rng, Reference / 12, Math.Max(1f, 0.9f * s), new SKColor(160, 120, 66));
        Dots(canvas, size, rng, Reference / 20, Math.Max(1f, 0.9f * s), new SKColor(255, 240, 200));
    }

    private static void Snow(SKCanvas canvas, int size, float s, Random rng)
    {
        Gradient(canvas, size, new SKColor(246, 249, 255), new SKColor(214, 226, 244));
        using var drift = new SKPaint { IsAntialias = true, Color = new SKColor(188, 204, 230, 150) };
        for (int i = 0; i < 3; i++)
            canvas.DrawOval(Next(rng, 0, size), Next(rng, size * 0.3f, size), Next(rng, 10, 20) * s, Next(rng, 2, 4) * s, drift);
        Dots(canvas, size, rng, Reference / 14, Math.Max(1f, 1.0f * s), new SKColor(150, 172, 210));
        Dots(canvas, size, rng, Reference / 40, Math.Max(1f, 1.3f * s), new SKColor(255, 255, 255));
    }

    private static void Bricks(SKCanvas canvas, int size, float s, Random rng)
    {
        using var fill = new SKPaint { Color = new SKColor(196, 190, 178) }; // mortar
        canvas.DrawRect(0, 0, size, size, fill);
        float rowHeight = 8 * s, brickWidth = 16 * s, mortar = Math.Max(1f, 1.2f * s);
        float offsetX = Next(rng, 0, brickWidth), offsetY = Next(rng, 0, rowHeight);
        int row = 0;
        for (float y = offsetY - rowHeight; y < size; y += rowHeight, row++)
        {
            float start = offsetX - brickWidth - (row % 2 == 1 ? brickWidth / 2 : 0);
            for (float x = start; x < size; x += brickWidth)
            {
                int shade = rng.Next(-22, 23);
                fill.Color = new SKColor((byte)(170 + shade), (byte)(66 + shade / 2), (byte)(46 + shade / 3));
                canvas.DrawRect(x + mortar / 2, y + mortar / 2, brickWidth - mortar, rowHeight - mortar, fill);
            }
        }
    }

    private static void NightSky(SKCanvas canvas, int size, float s, Random rng)
    {
        Gradient(canvas, size, new SKColor(6, 8, 30), new SKColor(26, 32, 78));
        Dots(canvas, size, rng, Reference / 30, Math.Max(1f, 0.8f * s), new SKColor(200, 210, 255));
        Dots(canvas, size, rng, Reference / 160, Math.Max(1.4f, 1.6f * s), new SKColor(255, 250, 220));
    }

    private static void Gradient(SKCanvas canvas, int size, SKColor top, SKColor bottom)
    {
        using var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, size), [top, bottom], SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader };
        canvas.DrawRect(0, 0, size, size, paint);
    }

    /// <summary>Square dots in one colour, drawn in one call (fast even for thousands).</summary>
    internal static void Dots(SKCanvas canvas, int size, Random rng, int count, float width, SKColor color)
    {
        var points = new SKPoint[count];
        for (int i = 0; i < count; i++) points[i] = new SKPoint(Next(rng, 0, size), Next(rng, 0, size));
        using var paint = new SKPaint { Color = color, StrokeWidth = width, StrokeCap = SKStrokeCap.Square };
        canvas.DrawPoints(SKPointMode.Points, points, paint);
    }

    internal static SKPaint Stroke(float width) =>
        new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width, StrokeCap = SKStrokeCap.Round };

    internal static float Next(Random rng, float min, float max) => min + (float)rng.NextDouble() * (max - min);
}
