using Pace.Core.Config;
using Pace.Core.Ports;
using Pace.Core.Specs;

namespace Pace.Adapters.Specs;

/// <summary>Everything the effects of a spec run work with.</summary>
/// <param name="Reviewer">The reviewer agent; null when a person reviews through <c>pace review</c>.</param>
/// <param name="GitEnvironment">Environment for git commands (author, isolated configuration); null for the process's own.</param>
public sealed record WaveContext(
    SpecLayout Layout,
    Spec Spec,
    PaceConfig Config,
    int MaxParallel,
    IRepository Repository,
    IForge Forge,
    IAgent Agent,
    IAgent? Reviewer,
    ICheckRunner Checks,
    TimeProvider Clock,
    IReadOnlyDictionary<string, string?>? GitEnvironment)
{
    /// <summary>The user said yes to the final merge beforehand (<c>--yes</c>).</summary>
    public bool Yes { get; init; }

    /// <summary>Asks the user to merge into the target branch: true, false, or null when nobody can be asked.</summary>
    public Func<string, bool?> Confirm { get; init; } = _ => null;

    /// <summary>Called at named steps inside effects (after a session, after a merge); the crash tests stop the process there.</summary>
    public Action<string> Checkpoint { get; init; } = _ => { };

    /// <summary>The forge returns only reviews of its own allowlist (GitHub), so every review it returns counts.</summary>
    public bool ForgeReviewsAllowlisted { get; init; }

    /// <summary>The evaluator agent (pace.evaluator), asked about each task session the checks passed; null: none.</summary>
    public IAgent? Evaluator { get; init; }

    /// <summary>Progress lines for the user.</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>The fleet that runs the run's task sessions (<c>--fleet</c>, docs/fleet.md); null: they run here.</summary>
    public Fleet.FleetTaskSessions? Fleet { get; init; }

    /// <summary>What this run's own sessions work with.</summary>
    internal SpecSessionContext Sessions => new(Layout, Config, Repository, Agent, Checks, Clock, GitEnvironment) { Evaluator = Evaluator, Checkpoint = Checkpoint };
}
