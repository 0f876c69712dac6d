using System.Globalization;
using Pace.Adapters.Forges.Local;
using Pace.Adapters.Git;
using Pace.Adapters.Specs;
using Pace.Core.Diagnostics;
using Pace.Core.Specs;
using Pace.Core.Waves;

namespace Pace.Adapters.Doctor;

/// <summary>
/// Reconciles every spec run that has a state file with git (the spec's branches, its worktrees,
/// the commits its merged waves left) and with the local forge's pull request records. Each spec
/// is an area of its own ("spec NAME"); pull requests that belong to no state are area "forge".
/// </summary>
public sealed partial class SpecDoctor : IDoctorSection
{
    private readonly string _root;
    private readonly string _projectFolder;
    private readonly TimeProvider _clock;
    private readonly GitCliRepository _repository;
    private readonly GitCli _git;
    private readonly LocalPulls _pulls;
    private readonly Func<CancellationToken, Task<Core.Ports.IForge>>? _remoteForge;
    private Core.Ports.IForge? _remote;

    /// <summary>pace.spec.targetBranch, or null when pace.json names none or cannot be read.</summary>
    public string? TargetSetting { get; init; }

    public SpecDoctor(string root, string projectFolder, TimeProvider clock)
        : this(root, projectFolder, clock, null)
    {
    }

    /// <param name="remoteForge">
    /// Opens the remote forge (GitHub) a spec's pull requests are on, when the project is set up for
    /// one; null: such pull requests are not checked (the doctor then works offline).
    /// </param>
    public SpecDoctor(string root, string projectFolder, TimeProvider clock, Func<CancellationToken, Task<Core.Ports.IForge>>? remoteForge)
    {
        _remoteForge = remoteForge;
        _root = root;
        _projectFolder = projectFolder;
        _clock = clock;
        _repository = new GitCliRepository(root);
        _git = new GitCli(root, null);
        _pulls = new LocalPulls(Path.Combine(root, ".pace"), clock);
    }

    /// <summary>The state files of spec runs: <c>.pace/specs/NAME/state.json</c> and the project's <c>.agent-os/state/execute-spec-NAME.json</c>.</summary>
    public static IReadOnlyList<string> StateFiles(string root, string projectFolder)
    {
        var files = new List<string>();
        var native = Path.Combine(root, ".pace", "specs");
        if (Directory.Exists(native))
        {
            files.AddRange(Directory.EnumerateDirectories(native).Select(d => Path.Combine(d, "state.json")).Where(File.Exists).Order(StringComparer.Ordinal));
        }

        var agentOs = Path.Combine(projectFolder, ".agent-os", "state");
        if (Directory.Exists(agentOs))
        {
            files.AddRange(Directory.EnumerateFiles(agentOs, "execute-spec-*.json").Order(StringComparer.Ordinal));
        }

        return files;
    }

    public async Task<IReadOnlyList<DoctorFinding>> ExamineAsync(CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding>();
        var (pulls, unreadable) = _pulls.LoadAll();
        findings.AddRange(unreadable);
        var owned = new HashSet<int>();
        foreach (var path in StateFiles(_root, _projectFolder))
        {
            findings.AddRange(await SpecAsync(path, pulls, owned, cancellationToken).ConfigureAwait(false));
        }

        findings.AddRange(await OrphanPullsAsync(pulls, owned, cancellationToken).ConfigureAwait(false));
        return findings;
    }

    private async Task<List<DoctorFinding>> SpecAsync(string path, IReadOnlyDictionary<int, LocalPullRequestRecord> pulls, HashSet<int> owned, CancellationToken cancellationToken)
    {
        var native = Path.GetFileName(path) == "state.json";
        var name = native ? Path.GetFileName(Path.GetDirectoryName(path)!) : Path.GetFileNameWithoutExtension(path)["execute-spec-".Length..];
        var area = "spec " + name;
        SpecState state;
        try
        {
            state = SpecStateJson.Read(path, File.ReadAllBytes(path));
        }
        catch (InputException e)
        {
            var aside = $"{path}.broken-{_clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
            var detail = e.Diagnostics.Count > 0 ? e.Diagnostics[0].ToString() : e.Message;
            return [new DoctorFinding(area, "state", FindingKind.Problem, detail,
                $"move it aside to {Path.GetFileName(aside)}; the next pace spec run {name} starts the spec again from wave 1 (branches, worktrees and pull requests stay)")
            {
                Repair = _ =>
                {
                    File.Move(path, aside);
                    return Task.FromResult($"moved the unreadable spec state to {aside}");
                },
            }];
        }

        var spec = FindSpec(state.SpecName);
        var findings = new List<DoctorFinding>
        {
            DoctorFinding.Ok(area, "state", $"{Path.GetRelativePath(_root, path)}: {state.Phase.Name()}, wave {state.CurrentWave} of {state.TotalWaves}, {state.History.Count(h => h.Status == WaveOutcome.Merged)} merged; "
                + $"target branch {state.TargetBranch} ({SpecTargetBranch.Explain(state.TargetBranch, spec?.BaseBranch, TargetSetting)})"),
        };
        if (spec is null)
        {
            findings.Add(new DoctorFinding(area, "spec", FindingKind.Note, $"the spec {state.SpecName} ({state.SpecPath}) cannot be found or read",
                "its task branches are not checked; pace spec run needs the spec"));
        }

        var projectRel = Path.GetRelativePath(_root, _projectFolder).Replace('\\', '/');
        var layout = new SpecLayout(_root, projectRel == "." ? "" : projectRel, state.SpecPath, state.SpecName, spec?.Format ?? (native ? SpecFormat.Native : SpecFormat.ExecuteSpecV3));
        var context = new SpecCheck(area, state, spec, layout);
        findings.AddRange(await BranchesAsync(context, pulls, cancellationToken).ConfigureAwait(false));
        findings.AddRange(await WorktreesAsync(context, cancellationToken).ConfigureAwait(false));
        findings.AddRange(await PullsAsync(context, pulls, owned, cancellationToken).ConfigureAwait(false));
        return findings;
    }


    private Spec? FindSpec(string name)
    {
        try
        {
            return SpecCatalog.Find(_projectFolder, name);
        }
        catch (InputException)
        {
            return null;
        }
    }

    /// <summary>One spec being examined: its area in the report, its state, its spec (null when gone) and where its run lives.</summary>
    private sealed record SpecCheck(string Area, SpecState State, Spec? Spec, SpecLayout Layout)
    {
        /// <summary>The current wave has a pull request under review or about to merge: its branches and worktree must be there.</summary>
        public bool InReview => State.Phase is SpecPhase.AwaitingReview or SpecPhase.ReviewProcessing or SpecPhase.ReadyToMerge && !State.CurrentWaveMerged;

        /// <summary>The waves whose cleanup is done: their wave and task branches and their worktrees must be gone.</summary>
        public IEnumerable<int> CleanedWaves => State.History.Where(h => h is { Status: WaveOutcome.Merged, BranchCleaned: true }).Select(h => h.Wave).Distinct();

        public IReadOnlyList<string> TaskIds(int wave) => Spec is { } spec && wave <= spec.Waves.Count ? [.. spec.TasksOf(wave).Select(t => t.Id)] : [];
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
