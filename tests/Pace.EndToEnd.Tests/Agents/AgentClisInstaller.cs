using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Pace.Adapters.Processes;

namespace Pace.EndToEnd.Tests.Agents;

/// <summary>Installs tests/agents/package-lock.json with npm ci into .cache/agent-clis/HASH, once.</summary>
internal static class AgentClisInstaller
{
    private const string CompleteFile = ".complete";
    private static readonly TimeSpan NpmLimit = TimeSpan.FromMinutes(15);

    public sealed record Installation(string Folder, string Claude, TimeSpan Duration);

    public static async Task<Installation> EnsureAsync(string root, CancellationToken cancellationToken)
    {
        var manifest = Path.Combine(root, "tests", "agents");
        var lockFile = Path.Combine(manifest, "package-lock.json");
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(lockFile, cancellationToken)))[..16];
        var cache = Path.Combine(root, ".cache", "agent-clis");
        var folder = Path.Combine(cache, hash);
        var complete = Path.Combine(folder, CompleteFile);
        Directory.CreateDirectory(cache);
        using var held = await FileLock.AcquireAsync(Path.Combine(cache, hash + ".lock"), NpmLimit, cancellationToken);
        if (File.Exists(complete))
        {
            return new Installation(folder, Path.Combine(folder, (await File.ReadAllTextAsync(complete, cancellationToken)).Trim()), TimeSpan.Zero);
        }

        var clock = Stopwatch.StartNew();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(manifest, "package.json"), Path.Combine(folder, "package.json"));
        File.Copy(lockFile, Path.Combine(folder, "package-lock.json"));
        var (result, stdout, stderr) = await ProcessRunner.CaptureAsync(
            new ProcessSpec("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], folder) { Timeout = NpmLimit },
            cancellationToken);
        if (!result.Succeeded)
        {
            var why = result.TimedOut ? $"timed out after {NpmLimit}" : $"exit {result.ExitCode}";
            throw new InvalidOperationException($"npm ci of {lockFile} into {folder} failed ({why}):\n{stderr}\n{stdout}");
        }

        var claude = await ClaudeBinaryAsync(folder);
        foreach (var cli in new[] { Path.Combine("node_modules", ".bin", "codex"), Path.Combine("node_modules", ".bin", "gemini") })
        {
            await AgentClis.VersionAsync(Path.Combine(folder, cli), folder);
        }

        // Written last and whole (temp + rename): a killed install leaves no complete-looking cache.
        var temp = complete + ".tmp";
        await File.WriteAllTextAsync(temp, Path.GetRelativePath(folder, claude) + "\n", cancellationToken);
        File.Move(temp, complete, overwrite: true);
        return new Installation(folder, claude, clock.Elapsed);
    }

    /// <summary>
    /// The package's install script swaps bin/claude.exe for the native binary; when that did not
    /// happen (scripts blocked or failed) the platform package's binary is run directly.
    /// </summary>
    private static async Task<string> ClaudeBinaryAsync(string folder)
    {
        var swapped = Path.Combine(folder, "node_modules", "@anthropic-ai", "claude-code", "bin", "claude.exe");
        try
        {
            await AgentClis.VersionAsync(swapped, folder);
            return swapped;
        }
        catch (Exception e) when (e is InvalidOperationException or ProcessStartException)
        {
            var arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
            var native = Path.Combine(folder, "node_modules", "@anthropic-ai", $"claude-code-linux-{arch}", "claude");
            await AgentClis.VersionAsync(native, folder);
            return native;
        }
    }
}
