using System.Globalization;

namespace Counterforge.Core.Metrics;

/// <summary>How a rate is written for people: "81.3 %", or what its absence means when it is undefined (NaN: nothing to count).</summary>
public static class Percent
{
    public const string NoCounterfactuals = "no counterfactuals";

    public static string Format(double value, string undefined = "n/a") =>
        double.IsNaN(value) ? undefined : (value * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";
}
