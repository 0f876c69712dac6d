using Pace.Adapters.Processes;

[assembly: AssemblyFixture(typeof(Pace.EndToEnd.Tests.Agents.AgentClis))]

namespace Pace.EndToEnd.Tests.Agents;

/// <summary>
/// The real agent CLIs at the versions pinned in tests/agents/package-lock.json, installed with
/// <c>npm ci</c> once per test run into .cache/agent-clis/HASH (outside the tracked files). A lock
/// file keeps parallel test runs from installing at the same time; a complete cache is used as it is.
/// A failed install fails every test that needs the CLIs, with npm's own message.
/// </summary>
public sealed class AgentClis : IAsyncLifetime
{
    public string Claude { get; private set; } = "";

    public string Codex { get; private set; } = "";

    public string Gemini { get; private set; } = "";

    /// <summary>Where the CLIs are installed.</summary>
    public string Folder { get; private set; } = "";

    /// <summary>How long this run spent installing; zero when the cache was already complete.</summary>
    public TimeSpan InstallDuration { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var installation = await AgentClisInstaller.EnsureAsync(RepositoryRoot.Find(), TestContext.Current.CancellationToken);
        (Folder, InstallDuration) = (installation.Folder, installation.Duration);
        Claude = installation.Claude;
        Codex = Path.Combine(Folder, "node_modules", "@openai", "codex", "bin", "codex.js");
        Gemini = Path.Combine(Folder, "node_modules", "@google", "gemini-cli", "bundle", "gemini.js");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Runs one of the CLIs with --version.</summary>
    public static async Task<string> VersionAsync(string cli, string workingFolder)
    {
        var (result, stdout, stderr) = await ProcessRunner.CaptureAsync(
            new ProcessSpec(cli, ["--version"], workingFolder) { Timeout = TimeSpan.FromSeconds(60) });
        return result.Succeeded ? stdout.Trim() : throw new InvalidOperationException($"{cli} --version failed (exit {result.ExitCode}): {stderr}");
    }
}
