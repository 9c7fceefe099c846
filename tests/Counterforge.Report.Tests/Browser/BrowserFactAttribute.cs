namespace Counterforge.Report.Tests.Browser;

/// <summary>A test that needs Debian's chromium; it skips, saying how to install it, where it is missing.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!HeadlessChromium.Installed) Skip = HeadlessChromium.SkipReason;
    }
}
