using System.CommandLine;
using System.Globalization;
using Counterforge.Core.Pipeline;

namespace Counterforge.Cli.Commands;

/// <summary>Parses "--shortcut KIND:P" (e.g. background:0.95) or "none".</summary>
internal static class ShortcutOption
{
    public static readonly string[] Kinds = ["background", "color", "weather", "none"];

    public static Option<ShortcutInfo> Create() => new("--shortcut")
    {
        Description = "The spurious correlation planted in train/val/test: KIND:P with KIND one of background, color, weather; or none.",
        DefaultValueFactory = _ => new ShortcutInfo("background", 0.95),
        CustomParser = result => Parse(result.Tokens.Single().Value, error => result.AddError(error)),
    };

    public static ShortcutInfo Parse(string text, Action<string> error)
    {
        if (text == "none") return new ShortcutInfo("none", 0);
        var parts = text.Split(':');
        if (parts.Length != 2 || !Kinds.Contains(parts[0]) || parts[0] == "none"
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) || p < 0 || p > 1)
        {
            error($"--shortcut '{text}': expected KIND:P with KIND one of background, color, weather and P in 0..1 (e.g. background:0.95), or none.");
            return new ShortcutInfo("none", 0);
        }
        return new ShortcutInfo(parts[0], p);
    }
}
