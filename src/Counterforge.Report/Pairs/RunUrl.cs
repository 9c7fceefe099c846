using Counterforge.Core.Runs;

namespace Counterforge.Report.Pairs;

/// <summary>
/// Links from report.html (at the run folder's root) to files: relative, with every path segment percent-encoded, so a
/// file or folder name with '#', '?', quotes or markup in it is a path and never anything else.
/// </summary>
internal static class RunUrl
{
    public static string Of(RunFolder run, string fullPath) =>
        string.Join('/', Path.GetRelativePath(run.Root, fullPath).Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));

    /// <summary>A path already relative to the run folder (as the run's records keep them).</summary>
    public static string OfRelative(string relative) => string.Join('/', relative.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));
}
