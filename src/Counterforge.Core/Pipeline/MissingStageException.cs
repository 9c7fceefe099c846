namespace Counterforge.Core.Pipeline;

/// <summary>
/// A stage was asked for before a stage it reads from had run (or finished) on the run folder. <see cref="Stage"/> names
/// the missing stage as the pipeline and the command line name it (train, caption, perturb, generate, stress-test).
/// </summary>
public sealed class MissingStageException(string stage, string runRoot, string what)
    : InvalidOperationException($"{what}: the {stage} stage has not run (or not finished) on {runRoot}.")
{
    public string Stage { get; } = stage;

    public string RunRoot { get; } = runRoot;
}
