using Pace.Core.Git;
using Pace.Core.Specs;

namespace Pace.Adapters.Specs;

/// <summary>
/// Where a spec run keeps things. Paths ending in <c>Rel</c> are relative to the repository root
/// with forward slashes. The state file is the seed's <c>.agent-os/state/execute-spec-NAME.json</c>
/// for execute-spec folders and <c>.pace/specs/NAME/state.json</c> for native specs; the journal,
/// sessions, baselines and worktrees are under <c>.pace/</c> either way.
/// </summary>
public sealed record SpecLayout(string RepoRoot, string ProjectRel, string SpecFileRel, string SpecName, SpecFormat Format)
{
    public string PaceFolder => Path.Combine(RepoRoot, ".pace");

    public string DataFolder => Path.Combine(PaceFolder, "specs", SpecName);

    public string JournalPath => Path.Combine(DataFolder, "journal.jsonl");

    public string StatePath => Format == SpecFormat.Native
        ? Path.Combine(DataFolder, "state.json")
        : Path.Combine(RepoRoot, AgentOsRel, "state", $"execute-spec-{SpecName}.json");

    /// <summary>The <c>.agent-os</c> folder that holds the spec folder (execute-spec only).</summary>
    public string AgentOsRel
    {
        get
        {
            var parts = SpecFileRel.Split('/');
            var at = Array.LastIndexOf(parts, ".agent-os");
            return at < 0 ? ".agent-os" : string.Join('/', parts[..(at + 1)]);
        }
    }

    /// <summary>Files an agent must not change: Pace's folder, the configuration, the spec and its state.</summary>
    public IReadOnlyList<string> Owned =>
        [".pace/**", Join(ProjectRel, "pace.json"), SpecFileRel, AgentOsRel + "/state/**"];

    public string TaskBranch(int wave, string taskId) => RefNames.TaskBranch(SpecName, wave, taskId);

    public string WaveWorktree(int wave) => Path.Combine(PaceFolder, "worktrees", SpecName, $"wave-{wave}");

    public string TaskWorktree(int wave, string taskId) => Path.Combine(PaceFolder, "worktrees", SpecName, $"wave-{wave}-{RefNames.Safe(taskId)}");

    /// <summary>Where agents work and checks run inside a worktree: the project's folder in it.</summary>
    public string ProjectIn(string worktree) => ProjectRel.Length == 0 ? worktree : Path.Combine(worktree, ProjectRel);

    public string SessionFolder(int wave, string name) => Path.Combine(DataFolder, $"wave-{wave}", RefNames.Safe(name));

    private static string Join(string folder, string file) => folder.Length == 0 ? file : folder + "/" + file;
}
