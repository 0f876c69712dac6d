using Pace.Adapters.Processes;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Agents;

/// <summary>
/// A temporary git repository and an isolated HOME for one agent run. The environment it gives a
/// child drops every agent variable of the parent, isolates git's config and points any proxy-aware
/// client at the scripted server, so traffic meant for elsewhere shows up in its log instead.
/// </summary>
public sealed class Sandbox : IDisposable
{
    private static readonly string[] AgentVariablePrefixes = ["ANTHROPIC_", "CLAUDE", "OPENAI_", "CODEX_", "GEMINI_", "GOOGLE_"];

    private Sandbox(string root)
    {
        Root = root;
        Repo = Directory.CreateDirectory(Path.Combine(root, "repo")).FullName;
        Home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        Temp = Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName;
    }

    public string Root { get; }

    public string Repo { get; }

    public string Home { get; }

    public string Temp { get; }

    /// <summary>A fresh secret for the run: a test can check that it never reaches the server's log.</summary>
    public string ApiKey { get; } = $"sk-e2e-secret-{Guid.NewGuid():N}";

    public static async Task<Sandbox> CreateAsync()
    {
        var sandbox = new Sandbox(Directory.CreateTempSubdirectory("pace-e2e-").FullName);
        await sandbox.GitAsync("init", "-q", "-b", "main");
        await File.WriteAllTextAsync(Path.Combine(sandbox.Repo, "README.md"), "# sandbox\n");
        await sandbox.GitAsync("add", "-A");
        await sandbox.GitAsync("commit", "-q", "-m", "init");
        return sandbox;
    }

    public Dictionary<string, string?> Environment(ScriptedModelServer server)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in System.Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (AgentVariablePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                environment[name] = null;
            }
        }

        environment["HOME"] = Home;
        environment["TMPDIR"] = Temp;
        environment["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config");
        environment["XDG_CACHE_HOME"] = Path.Combine(Home, ".cache");
        environment["XDG_DATA_HOME"] = Path.Combine(Home, ".local", "share");
        environment["XDG_STATE_HOME"] = Path.Combine(Home, ".local", "state");
        environment["CI"] = "1";
        environment["NO_COLOR"] = "1";
        foreach (var proxy in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy" })
        {
            environment[proxy] = server.BaseUrl;
        }

        environment["NO_PROXY"] = environment["no_proxy"] = "127.0.0.1,localhost";
        foreach (var (name, value) in GitIdentity)
        {
            environment[name] = value;
        }

        return environment;
    }

    public async Task<string> GitAsync(params string[] arguments)
    {
        var spec = new ProcessSpec("git", arguments, Repo) { Environment = GitIdentity, Timeout = TimeSpan.FromSeconds(30) };
        var (result, stdout, stderr) = await ProcessRunner.CaptureAsync(spec);
        return result.Succeeded ? stdout : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {stderr}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is no test failure.
        }
    }

    private static Dictionary<string, string?> GitIdentity => new(StringComparer.Ordinal)
    {
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_AUTHOR_NAME"] = "Pace Test",
        ["GIT_AUTHOR_EMAIL"] = "pace@example.invalid",
        ["GIT_COMMITTER_NAME"] = "Pace Test",
        ["GIT_COMMITTER_EMAIL"] = "pace@example.invalid",
    };
}
