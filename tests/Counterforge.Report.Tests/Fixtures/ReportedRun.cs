namespace Counterforge.Report.Tests.Fixtures;

/// <summary>A demo-like run and its report, made once for a test class (the tests only read them).</summary>
public sealed class ReportedRun : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-reported-").FullName;

    public ReportedRun()
    {
        Made = DemoLikeRun.Make(Path.Combine(_dir, "run"));
        HtmlReport.Write(Made.Run, Made.Data, Made.Summary);
    }

    internal DemoLikeRun.Made Made { get; }

    public string Html => File.ReadAllText(Made.Run.ReportHtml);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
