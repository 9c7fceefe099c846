namespace Counterforge.Core.Data.Loading;

/// <summary>Shares of train, validation and test in a seeded split; they must sum to 1.</summary>
public sealed record SplitFractions(double Train, double Val, double Test)
{
    public static readonly SplitFractions Default = new(0.8, 0.1, 0.1);

    public void Validate()
    {
        if (Train < 0 || Val < 0 || Test < 0 || !double.IsFinite(Train + Val + Test) || Math.Abs(Train + Val + Test - 1) > 1e-6)
            throw new ArgumentException($"Split fractions train {Train}, val {Val}, test {Test} must be non-negative and sum to 1.");
    }

    /// <summary>Parses "0.8,0.1,0.1".</summary>
    public static SplitFractions Parse(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 3 || !parts.All(p => double.TryParse(p, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
            throw new FormatException($"'{text}' is not a split; expected three fractions train,val,test such as 0.8,0.1,0.1.");
        var values = parts.Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var fractions = new SplitFractions(values[0], values[1], values[2]);
        fractions.Validate();
        return fractions;
    }
}
