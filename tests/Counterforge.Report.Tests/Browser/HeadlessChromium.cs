using Microsoft.Playwright;

namespace Counterforge.Report.Tests.Browser;

/// <summary>
/// Debian's chromium, driven headless through Playwright (its own browser download is never used): a fresh profile per
/// launch, no network services, and every console error, page error and dialog of a page recorded for the test to check.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public const string SkipReason = "chromium is not installed: run 'apt-get install -y chromium' (.ci/run does) to run the browser tests.";

    public static bool Installed => File.Exists(ExecutablePath);

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profile;

    private HeadlessChromium(IPlaywright playwright, IBrowserContext context, string profile) =>
        (_playwright, _context, _profile) = (playwright, context, profile);

    public static async Task<HeadlessChromium> LaunchAsync(int width = 1280, int height = 900)
    {
        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("cf-chromium-").FullName;
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        return new HeadlessChromium(playwright, context, profile);
    }

    /// <summary>A page with what it reported: console errors, uncaught errors, and every dialog (alert, confirm) it tried to open.</summary>
    public sealed record OpenedPage(IPage Page, List<string> ConsoleErrors, List<string> PageErrors, List<string> Dialogs);

    public async Task<OpenedPage> OpenAsync(string file)
    {
        var page = await _context.NewPageAsync();
        var opened = new OpenedPage(page, [], [], []);
        page.Console += (_, message) => { if (message.Type == "error") lock (opened) opened.ConsoleErrors.Add(message.Text); };
        page.PageError += (_, error) => { lock (opened) opened.PageErrors.Add(error); };
        page.Dialog += async (_, dialog) =>
        {
            lock (opened) opened.Dialogs.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        await page.GotoAsync(new Uri(Path.GetFullPath(file)).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return opened;
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        _playwright.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { /* chromium may still be writing its profile as it exits */ }
    }
}
