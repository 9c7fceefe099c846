namespace Counterforge.Vision.Editing;

/// <summary>
/// Paints a colour onto a region keeping its shading: each pixel takes the target's hue and saturation, and its lightness
/// moves by the difference between the target's lightness and the region's mean lightness (HSL), so light and shadow stay.
/// </summary>
internal static class Recolor
{
    /// <param name="rgba">8-bit RGBA pixels, row-major with <paramref name="rowBytes"/>; changed in place.</param>
    /// <param name="weights">Per-pixel 0..1: how much of the recoloured pixel replaces the original.</param>
    public static void Apply(Span<byte> rgba, int rowBytes, int width, int height, float[] weights, (byte R, byte G, byte B) target)
    {
        var (targetHue, targetSaturation, targetLightness) = ToHsl(target.R / 255f, target.G / 255f, target.B / 255f);
        double lightSum = 0, weightSum = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int o = y * rowBytes + 4 * x;
                float w = weights[y * width + x];
                lightSum += w * ToHsl(rgba[o] / 255f, rgba[o + 1] / 255f, rgba[o + 2] / 255f).L;
                weightSum += w;
            }
        float shift = targetLightness - (float)(lightSum / Math.Max(weightSum, 1e-6));
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                float w = weights[y * width + x];
                if (w <= 0) continue;
                int o = y * rowBytes + 4 * x;
                var (_, _, l) = ToHsl(rgba[o] / 255f, rgba[o + 1] / 255f, rgba[o + 2] / 255f);
                var (r, g, b) = FromHsl(targetHue, targetSaturation, Math.Clamp(l + shift, 0f, 1f));
                rgba[o] = Blend(rgba[o], r, w);
                rgba[o + 1] = Blend(rgba[o + 1], g, w);
                rgba[o + 2] = Blend(rgba[o + 2], b, w);
            }
    }

    private static byte Blend(byte original, float painted, float w) => (byte)Math.Clamp(MathF.Round(original * (1 - w) + painted * 255f * w), 0, 255);

    internal static (float H, float S, float L) ToHsl(float r, float g, float b)
    {
        float max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b));
        float l = (max + min) / 2, d = max - min;
        if (d < 1e-6f) return (0, 0, l);
        float s = l > 0.5f ? d / (2 - max - min) : d / (max + min);
        float h = max == r ? (g - b) / d + (g < b ? 6 : 0) : max == g ? (b - r) / d + 2 : (r - g) / d + 4;
        return (h / 6, s, l);
    }

    internal static (float R, float G, float B) FromHsl(float h, float s, float l)
    {
        if (s <= 0) return (l, l, l);
        float q = l < 0.5f ? l * (1 + s) : l + s - l * s, p = 2 * l - q;
        return (Channel(p, q, h + 1f / 3), Channel(p, q, h), Channel(p, q, h - 1f / 3));
    }

    private static float Channel(float p, float q, float t)
    {
        if (t < 0) t += 1;
        if (t > 1) t -= 1;
        if (t < 1f / 6) return p + (q - p) * 6 * t;
        if (t < 0.5f) return q;
        if (t < 2f / 3) return p + (q - p) * (2f / 3 - t) * 6;
        return p;
    }
}
