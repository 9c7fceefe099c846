namespace Counterforge.Core.Edits;

/// <summary>The colour words a caption may use for a subject, with the sRGB colour an editor paints for each.</summary>
public static class NamedColors
{
    public static IReadOnlyDictionary<string, (byte R, byte G, byte B)> All { get; } = new Dictionary<string, (byte, byte, byte)>(StringComparer.Ordinal)
    {
        ["red"] = (200, 30, 30),
        ["orange"] = (240, 130, 20),
        ["yellow"] = (240, 210, 30),
        ["green"] = (40, 160, 60),
        ["blue"] = (40, 80, 220),
        ["purple"] = (130, 50, 180),
        ["pink"] = (240, 120, 170),
        ["brown"] = (120, 75, 40),
        ["black"] = (25, 25, 25),
        ["white"] = (240, 240, 240),
        ["gray"] = (128, 128, 128),
    };
}
