using System.Globalization;

namespace Counterforge.Options;

/// <summary>A budget K: a number of added images ("40") or a share of the train split ("5%").</summary>
public static class Budget
{
    private const int MaxImages = 1_000_000;

    public static int Resolve(string text, int trainCount, string flag = "--budgets")
    {
        var (value, share) = Parse(text, flag);
        return share ? Math.Max(1, (int)Math.Round(trainCount * value / 100)) : (int)value;
    }

    /// <exception cref="ArgumentException">Not a whole number of images up to a million, nor a share of train in (0, 100] %.</exception>
    public static (double Value, bool Share) Parse(string text, string flag = "--budgets")
    {
        bool share = text.EndsWith('%');
        var number = share ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0
            || (share && value > 100) || (!share && (value != Math.Floor(value) || value > MaxImages)))
            throw new ArgumentException($"{flag} '{text}': expected a whole number of images up to {MaxImages} (40) or a share of train in (0, 100] (5%).");
        return (value, share);
    }
}
