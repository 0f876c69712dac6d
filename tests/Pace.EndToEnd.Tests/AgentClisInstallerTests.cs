using System.Security.Cryptography;
using Pace.EndToEnd.Tests.Agents;

namespace Pace.EndToEnd.Tests;

public sealed class AgentClisInstallerTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("pace-e2e-install-");

    [Fact(Timeout = 120_000)]
    public async Task A_failed_install_fails_with_npms_own_message_and_leaves_no_complete_cache()
    {
        // package.json asks for a package the lock file lacks: npm ci refuses at once, offline.
        var lockFile = Manifest("""{"name":"x","version":"0.0.0","private":true,"dependencies":{"left-pad":"1.3.0"}}""",
            """{"name":"x","version":"0.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"x","version":"0.0.0"}}}""");

        var failure = await Should.ThrowAsync<InvalidOperationException>(() => AgentClisInstaller.EnsureAsync(_root.FullName, TestContext.Current.CancellationToken));

        failure.Message.ShouldContain("npm ci");
        failure.Message.ShouldContain("Missing: left-pad@1.3.0 from lock file");
        File.Exists(Path.Combine(CacheFolder(lockFile), ".complete")).ShouldBeFalse();
    }

    [Fact(Timeout = 30_000)]
    public async Task A_complete_cache_is_used_without_running_npm()
    {
        // Not even a valid manifest: npm would fail if it ran.
        var lockFile = Manifest("not json", "not json either");
        var folder = Directory.CreateDirectory(CacheFolder(lockFile)).FullName;
        File.WriteAllText(Path.Combine(folder, ".complete"), "bin/claude\n");

        var installation = await AgentClisInstaller.EnsureAsync(_root.FullName, TestContext.Current.CancellationToken);

        installation.Folder.ShouldBe(folder);
        installation.Claude.ShouldBe(Path.Combine(folder, "bin/claude"));
        installation.Duration.ShouldBe(TimeSpan.Zero);
    }

    public void Dispose() => _root.Delete(recursive: true);

    private string Manifest(string packageJson, string packageLock)
    {
        var agents = Directory.CreateDirectory(Path.Combine(_root.FullName, "tests", "agents")).FullName;
        File.WriteAllText(Path.Combine(agents, "package.json"), packageJson);
        File.WriteAllText(Path.Combine(agents, "package-lock.json"), packageLock);
        return Path.Combine(agents, "package-lock.json");
    }

    private string CacheFolder(string lockFile) => Path.Combine(_root.FullName, ".cache", "agent-clis",
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(lockFile)))[..16]);
}
