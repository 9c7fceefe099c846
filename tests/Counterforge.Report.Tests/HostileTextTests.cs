using Counterforge.Report.Tests.Fixtures;

namespace Counterforge.Report.Tests;

/// <summary>Class names from folder names, captions and words from an LLM: in the page's source every one of them is escaped.</summary>
public sealed class HostileTextTests : IDisposable
{
    private static readonly string[] Classes = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>", "heart"];
    private static readonly string[] Backgrounds = ["grass", "<b>sand</b>", "water & 'sky'"];
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_string_from_the_data_is_escaped_in_the_page_and_the_gallery_data()
    {
        var made = DemoLikeRun.Make(Path.Combine(_dir, "run"), Classes, Backgrounds, testSources: 30);
        HtmlReport.Write(made.Run, made.Data, made.Summary);
        var html = File.ReadAllText(made.Run.ReportHtml);

        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("<b>sand", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", html);
        // Our own tags only: the page's scripts are its files, which the policy alone allows.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "<script").Count);
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'", html);

        var data = File.ReadAllText(Path.Combine(made.Run.ReportDirectory, "pixels", "pairs.js"));
        Assert.DoesNotContain("<", data);
        Assert.DoesNotContain(">", data);
        Assert.Contains("\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E", data);
        // Image paths under folders named after the classes are percent-encoded, segment by segment.
        Assert.Contains("data/images/%3Cscript%3Ealert%281%29%3C%7Cscript%3E/", data);
    }
}
