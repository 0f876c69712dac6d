using Pace.Core.Agents;
using Pace.Core.Git;
using Pace.Core.Loop;
using Pace.Core.Ports;
using Pace.Core.Verification;

namespace Pace.Bench.Loop;

/// <summary>The real workspace, each call timed.</summary>
internal sealed class TimedWorkspace(IWorkspace inner, Ledger ledger) : IWorkspace
{
    private const string Port = "workspace";

    public string Root => inner.Root;

    public Task<string> HeadAsync(CancellationToken cancellationToken) =>
        ledger.Time(Port, "Head", () => inner.HeadAsync(cancellationToken));

    public Task<string?> CurrentBranchAsync(CancellationToken cancellationToken) =>
        ledger.Time(Port, "CurrentBranch", () => inner.CurrentBranchAsync(cancellationToken));

    public Task<IReadOnlyList<string>> ChangedPathsAsync(string baseCommit, CancellationToken cancellationToken) =>
        ledger.Time(Port, "ChangedPaths", () => inner.ChangedPathsAsync(baseCommit, cancellationToken));

    public Task<WorkspaceStatus> StatusAsync(string baseCommit, CancellationToken cancellationToken) =>
        ledger.Time(Port, "Status", () => inner.StatusAsync(baseCommit, cancellationToken));

    public Task<DiffStats> DiffStatsAsync(string baseCommit, CancellationToken cancellationToken) =>
        ledger.Time(Port, "DiffStats", () => inner.DiffStatsAsync(baseCommit, cancellationToken));

    public Task<string?> SnapshotAsync(string baseCommit, string refName, string message, CancellationToken cancellationToken) =>
        ledger.Time(Port, "Snapshot", () => inner.SnapshotAsync(baseCommit, refName, message, cancellationToken));

    public Task AttachAsync(string branch, CancellationToken cancellationToken) =>
        ledger.Time(Port, "Attach", () => inner.AttachAsync(branch, cancellationToken));

    public Task ResetAsync(string commit, CancellationToken cancellationToken) =>
        ledger.Time(Port, "Reset", () => inner.ResetAsync(commit, cancellationToken));

    public Task UncommitAsync(string commit, CancellationToken cancellationToken) =>
        ledger.Time(Port, "Uncommit", () => inner.UncommitAsync(commit, cancellationToken));

    public Task RestorePathsAsync(string commit, IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        ledger.Time(Port, "RestorePaths", () => inner.RestorePathsAsync(commit, paths, cancellationToken));

    public Task<string> CommitAllAsync(string message, CancellationToken cancellationToken) =>
        ledger.Time(Port, "CommitAll", () => inner.CommitAllAsync(message, cancellationToken));

    public Task<IReadOnlyList<CommitInfo>> LogAsync(int max, CancellationToken cancellationToken) =>
        ledger.Time(Port, "Log", () => inner.LogAsync(max, cancellationToken));

    public Task<CommitInfo?> FindCommitAsync(string sinceCommit, string text, CancellationToken cancellationToken) =>
        ledger.Time(Port, "FindCommit", () => inner.FindCommitAsync(sinceCommit, text, cancellationToken));
}

internal sealed class TimedChecks(ICheckRunner inner, Ledger ledger) : ICheckRunner
{
    public Task<CheckResult> RunAsync(CheckSpec check, string workingFolder, string outputFolder, CancellationToken cancellationToken) =>
        ledger.Time("checks", "Run", () => inner.RunAsync(check, workingFolder, outputFolder, cancellationToken));
}

internal sealed class TimedAgent(IAgent inner, Ledger ledger) : IAgent
{
    public string Name => inner.Name;

    public Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken) =>
        ledger.Time("agent", "Run", () => inner.RunAsync(request, onEvent, cancellationToken));
}

internal sealed class TimedStore(IRunStore inner, Ledger ledger) : IRunStore
{
    private const string Port = "store";

    public RunState? Load() => ledger.Time(Port, "Load", inner.Load);

    public void Save(RunState state) => ledger.Time(Port, "Save", () => inner.Save(state));

    public void Journal(string step, int? session, string? detail = null) => ledger.Time(Port, "Journal", () => inner.Journal(step, session, detail));

    public string SessionFolder(int number) => ledger.Time(Port, "SessionFolder", () => inner.SessionFolder(number));

    public string NewSessionFolder(int number) => ledger.Time(Port, "NewSessionFolder", () => inner.NewSessionFolder(number));

    public OwnFiles CaptureOwnFiles() => ledger.Time(Port, "CaptureOwnFiles", inner.CaptureOwnFiles);

    public IReadOnlyList<string> RestoreOwnFiles(OwnFiles captured) => ledger.Time(Port, "RestoreOwnFiles", () => inner.RestoreOwnFiles(captured));

    public void SaveEvidence(SessionEvidence evidence) => ledger.Time(Port, "SaveEvidence", () => inner.SaveEvidence(evidence));

    public SessionEvidence? LoadEvidence(int number) => ledger.Time(Port, "LoadEvidence", () => inner.LoadEvidence(number));
}

internal sealed class TimedFiles(IProjectFiles inner, Ledger ledger) : IProjectFiles
{
    private const string Port = "files";

    public string Root => inner.Root;

    public byte[]? Read(string relativePath) => ledger.Time(Port, "Read", () => inner.Read(relativePath));

    public bool Exists(string relativePath) => ledger.Time(Port, "Exists", () => inner.Exists(relativePath));

    public void Write(string relativePath, byte[] content, bool keepBackup = false) =>
        ledger.Time(Port, "Write", () => inner.Write(relativePath, content, keepBackup));
}
