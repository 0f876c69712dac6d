using Microsoft.Playwright;
using Pace.Adapters.Processes;

namespace Pace.Cli.Tests.Dashboard;

/// <summary>
/// Headless Chromium driven by Playwright: Debian's chromium, which scripts/chromium.sh installs when
/// it is missing (scripts/test.sh runs it and names the browser in PACE_TEST_CHROMIUM; a test run by
/// hand runs the script itself). Playwright's own browser downloads are never used.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    public const string Variable = "PACE_TEST_CHROMIUM";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _executable;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<Browser> StartAsync()
    {
        var executable = await ExecutableAsync();
        // A loaded machine running the whole suite takes seconds to reach a step: wait as long as a session may.
        Assertions.SetDefaultExpectTimeout(90_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true, Timeout = 60_000 });
        return new Browser(playwright, browser);
    }

    /// <summary>A new page at <paramref name="url"/>, 1280 wide; dialogs (confirm) are accepted as a person would.</summary>
    public async Task<IPage> OpenAsync(string url)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(90_000);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync(url);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private static async Task<string> ExecutableAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_executable is not null)
            {
                return _executable;
            }

            if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
            {
                return _executable = given;
            }

            var script = FindScript() ?? throw new InvalidOperationException($"no {Variable} and no scripts/chromium.sh above {AppContext.BaseDirectory}");
            var (result, stdout, stderr) = await ProcessRunner.CaptureAsync(new ProcessSpec("bash", [script], Path.GetDirectoryName(script)!) { Timeout = TimeSpan.FromMinutes(10) }, CancellationToken.None);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"scripts/chromium.sh failed: {stderr}");
            }

            return _executable = stdout.Trim().Split('\n')[^1];
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string? FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "scripts", "chromium.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The repository's artifacts folder (for the screenshot), or null when the tests run elsewhere.</summary>
    public static string? ArtifactsFolder()
    {
        var script = FindScript();
        return script is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(script))!, "artifacts");
    }
}
