using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using Pace.Adapters.Processes;
using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Loop;

/// <summary>
/// The sample project in a sandbox (temporary git repository, isolated HOME and TMPDIR) with its own
/// scripted model server. `pace` runs on it as a real process (the pace.dll built beside the tests)
/// and drives the real CLIs, which talk to the server only.
/// </summary>
public sealed partial class PaceProject : IAsyncDisposable
{
    private static readonly TimeSpan PaceLimit = TimeSpan.FromMinutes(3);
    private static readonly string Dotnet = FindDotnet();

    private PaceProject(Sandbox sandbox, ScriptedModelServer server)
    {
        Sandbox = sandbox;
        Server = server;
    }

    public Sandbox Sandbox { get; }

    public ScriptedModelServer Server { get; }

    public string Repo => Sandbox.Repo;

    public static async Task<PaceProject> CreateAsync(AgentClis clis, IReadOnlyList<SampleFeature> features, ProjectSettings? settings = null)
    {
        var sandbox = await Sandbox.CreateAsync();
        var server = ScriptedModelServer.Start();
        var project = new PaceProject(sandbox, server);
        await Clis.WriteCodexConfigAsync(sandbox, server.BaseUrl);
        await Clis.WriteGeminiSettingsAsync(sandbox, settings?.GeminiMaxAttempts);
        project.Write("feature_list.json", SampleProject.FeatureList(features));
        project.Write("pace.json", SampleProject.Config(clis, sandbox, server.BaseUrl, DeadPort(), settings ?? new ProjectSettings()));
        project.Write("check.sh", SampleProject.CheckScript);
        project.Write("tests/base.sh", "[ -f README.md ]\n");
        project.Write("tests/readme.sh", "grep -q sandbox README.md\n");
        await sandbox.GitAsync("add", "-A");
        await sandbox.GitAsync("commit", "-q", "-m", "sample project");
        return project;
    }

    public void Script(string marker, params ScriptStep[] steps) => Server.Add(new ModelScript(marker, steps));

    public string PathOf(string relative) => Path.Combine(Repo, relative);

    public string Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public bool Exists(string relative) => File.Exists(PathOf(relative));

    public Task<string> GitAsync(params string[] arguments) => Sandbox.GitAsync(arguments);

    public async Task<IReadOnlyList<string>> SubjectsAsync() =>
        (await GitAsync("log", "--format=%s")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Each feature's "passes" in the feature list as it is in the working tree.</summary>
    public IReadOnlyDictionary<string, bool> Passes()
    {
        using var document = JsonDocument.Parse(Read("feature_list.json"));
        return document.RootElement.GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("passes").GetBoolean());
    }

    public Task<PaceRun> RunAsync(params string[] arguments) => RunAsync(TestContext.Current.CancellationToken, arguments);

    /// <summary>Runs pace with <paramref name="extra"/> added to the environment (PACE_CRASH_AT, for instance).</summary>
    public Task<PaceRun> RunAsync(IReadOnlyDictionary<string, string> extra, params string[] arguments) =>
        RunWithAsync(extra, arguments, TestContext.Current.CancellationToken);

    /// <summary>Runs pace in the repository with the sandbox's environment and the secret in <see cref="SampleProject.SecretVariable"/>.</summary>
    public Task<PaceRun> RunAsync(CancellationToken cancellationToken, params string[] arguments) =>
        RunWithAsync(new Dictionary<string, string>(), arguments, cancellationToken);

    private async Task<PaceRun> RunWithAsync(IReadOnlyDictionary<string, string> extra, string[] arguments, CancellationToken cancellationToken)
    {
        var environment = Sandbox.Environment(Server);
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        environment[SampleProject.SecretVariable] = Sandbox.ApiKey;
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["TERM"] = "dumb";
        var spec = new ProcessSpec(Dotnet, [Path.Combine(AppContext.BaseDirectory, "pace.dll"), .. arguments], Repo)
        {
            Environment = environment,
            Timeout = PaceLimit,
        };
        var (result, stdout, stderr) = await ProcessRunner.CaptureAsync(spec, cancellationToken);
        var run = new PaceRun(result.ExitCode, stdout, stderr);
        TestContext.Current.TestOutputHelper?.WriteLine($"pace {string.Join(' ', arguments)}\n{run}");
        result.TimedOut.ShouldBeFalse($"pace did not end within {PaceLimit}");
        return run;
    }

    /// <summary>`pace evidence N --json`, parsed.</summary>
    public async Task<JsonElement> EvidenceAsync(int session)
    {
        var run = await RunAsync("evidence", session.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        run.ExitCode.ShouldBe(0, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        AgentProcesses.Kill(Repo);
        await Server.DisposeAsync();
        Sandbox.Dispose();
    }

    /// <summary>A port on 127.0.0.1 with nothing listening: bound by the OS, then released.</summary>
    private static int DeadPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string FindDotnet()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
