namespace Counterforge.Report.Tests;

/// <summary>Where tests leave what a person should look at (screenshots): artefacts/ beside the test assembly, kept after the run.</summary>
internal static class Artefacts
{
    public static string PathOf(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "artefacts");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
