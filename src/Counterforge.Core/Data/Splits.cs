namespace Counterforge.Core.Data;

/// <summary>Split names. "test" follows the training distribution; "test-balanced" draws attributes independently of the class.</summary>
public static class Splits
{
    public const string Train = "train";
    public const string Val = "val";
    public const string Test = "test";
    public const string TestBalanced = "test-balanced";
    /// <summary>Originals drawn like train but never trained on: the "K extra originals" baseline draws from here.</summary>
    public const string Extra = "extra";

    public static readonly IReadOnlyList<string> All = [Train, Val, Test, TestBalanced, Extra];
}
