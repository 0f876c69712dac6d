using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

/// <summary>A temporary working folder and transcript for one agent session run against the fake agent.</summary>
internal sealed class AgentScratch : IDisposable
{
    public const string Prompt = "the prompt";

    public AgentScratch()
    {
        Root = Directory.CreateTempSubdirectory("pace-agent-").FullName;
        WorkingFolder = Directory.CreateDirectory(Path.Combine(Root, "work")).FullName;
    }

    public static string FakeAgent => Path.Combine(AppContext.BaseDirectory, "Pace.FakeAgent");

    public string Root { get; }

    public string WorkingFolder { get; }

    public string TranscriptPath => Path.Combine(Root, "pace", "sessions", "1.jsonl");

    public List<AgentEvent> Events { get; } = [];

    public string File(string name) => Path.Combine(Root, name);

    public string Transcript() => System.IO.File.ReadAllText(TranscriptPath);

    /// <summary>A request whose environment tells the fake agent what to do.</summary>
    public AgentRequest Request(string script, AgentLimits? limits = null, params (string Name, string? Value)[] environment)
    {
        var variables = environment.ToDictionary(pair => pair.Name, pair => pair.Value);
        variables["PACE_FAKE_AGENT_SCRIPT"] = script;
        return new AgentRequest(WorkingFolder, Prompt, TranscriptPath, limits ?? new AgentLimits(TimeSpan.FromSeconds(30)))
        {
            Environment = variables,
        };
    }

    public int Pid(string name) => int.Parse(System.IO.File.ReadAllText(File(name)));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A test that failed may leave a process writing here; the temp folder is cleaned up later.
        }
    }
}
