namespace Counterforge.Language.Filtering;

/// <summary>LANCE's CLIP checks on a counterfactual; the defaults are the paper's.</summary>
public sealed record ClipThresholds
{
    /// <summary>cos(image(x), image(x′)): the counterfactual still shows the same scene.</summary>
    public double ImageImage { get; init; } = 0.7;

    /// <summary>cos(image(x), text(caption)) and cos(image(x′), text(edited caption)): each image matches its caption.</summary>
    public double ImageText { get; init; } = 0.2;

    /// <summary>cos(image(x′) − image(x), text(edited) − text(original)): the image moved the way the words did.</summary>
    public double Directional { get; init; } = 0.2;

    /// <summary>Require cos(image(x′), text(to)) &gt; cos(image(x′), text(from)): the counterfactual shows the new words more than the old.</summary>
    public bool CloserToNewWords { get; init; } = true;
}
