using Pace.Core.Config;
using Pace.Core.Ports;

namespace Pace.Core.Loop;

/// <summary>Where things are, relative to the repository root, with forward slashes.</summary>
public sealed record ProjectLayout(string FeatureList, string Progress, string Config, string PaceFolder)
{
    /// <summary>The folder (relative to the root) that holds the feature list; the agent works from the root.</summary>
    public static ProjectLayout ForFeatureList(string featureListRelative)
    {
        var folder = featureListRelative.Contains('/') ? featureListRelative[..featureListRelative.LastIndexOf('/')] + "/" : "";
        return new ProjectLayout(featureListRelative, folder + ProgressLog.FileName, folder + PaceConfig.FileName, ".pace");
    }

    /// <summary>Files Pace owns: an agent's edits to them are undone.</summary>
    public IReadOnlyList<string> Owned => [FeatureList, FeatureList + ".bak", Config, PaceFolder + "/**"];
}

/// <summary>Everything the loop works with; all IO goes through these ports.</summary>
public sealed record LoopContext(
    ProjectLayout Layout,
    PaceConfig Config,
    IWorkspace Workspace,
    IAgent Agent,
    ICheckRunner Checks,
    IRunStore Store,
    IProjectFiles Files,
    ILoopObserver Observer,
    TimeProvider Clock)
{
    /// <summary>Called at each named step after its state is saved; the crash-injection tests end the process here.</summary>
    public Action<string, int?> Checkpoint { get; init; } = (_, _) => { };

    /// <summary>Builds the temporary tree of the red-then-green proof; null: sessions are judged without it (Core tests that do not look at it).</summary>
    public IProofTree? Proofs { get; init; }

    /// <summary>The process's redactor as it is now (it learns each agent's environment as the agent starts), for the diff scan.</summary>
    public Func<Security.Redactor> Secrets { get; init; } = () => Security.Redactor.Shapes;

    /// <summary>The evaluator agent (pace.evaluator), asked about each session the checks passed; null: none.</summary>
    public IAgent? Evaluator { get; init; }

    /// <summary>A parallel run's lanes and merge queue (<see cref="RunOptions.Parallel"/> above 1); null: sessions work in <see cref="Workspace"/> one at a time.</summary>
    public IRunLanes? Lanes { get; init; }

    /// <summary>A fleet run's workers (`--fleet`): the lanes publish their sessions instead of running them; null: sessions run here.</summary>
    public IFleetSessions? Fleet { get; init; }

    /// <summary>The run's other agents by name (fallback agents); <see cref="Agent"/> is the first.</summary>
    public Func<string, IAgent>? AgentNamed { get; init; }
}
