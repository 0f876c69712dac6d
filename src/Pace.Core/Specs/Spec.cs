using Pace.Core.Diagnostics;
using Pace.Core.Specs.Internal;

namespace Pace.Core.Specs;

/// <summary>
/// A parsed and validated spec: its units of work and the waves they run in. It keeps the source
/// bytes and where each task's status sits, so that <see cref="SpecEditor"/> can write statuses
/// back changing nothing else.
/// </summary>
public sealed class Spec
{
    private Dictionary<string, SpecTask>? _byId;

    internal Spec(
        string path,
        SpecFormat format,
        string name,
        string? baseBranch,
        IReadOnlyList<SpecTask> tasks,
        IReadOnlyList<SpecWave> waves,
        IReadOnlyList<Diagnostic> warnings,
        byte[] source,
        IReadOnlyDictionary<string, JObject> entries)
    {
        Path = path;
        Format = format;
        Name = name;
        BaseBranch = baseBranch;
        Tasks = tasks;
        Waves = waves;
        Warnings = warnings;
        Source = source;
        Entries = entries;
    }

    public string Path { get; }

    public SpecFormat Format { get; }

    /// <summary>The spec's name: <c>name</c> (native) or <c>spec</c> (execute-spec).</summary>
    public string Name { get; }

    /// <summary>
    /// The branch the spec starts from and its final pull request merges into; null when the file
    /// does not say (the executor then uses main). Not to be confused with the state file's
    /// <c>base_branch</c>, the spec's integration branch <c>feature/&lt;spec&gt;</c>.
    /// </summary>
    public string? BaseBranch { get; }

    /// <summary>The units of work in file order.</summary>
    public IReadOnlyList<SpecTask> Tasks { get; }

    public IReadOnlyList<SpecWave> Waves { get; }

    public IReadOnlyList<Diagnostic> Warnings { get; }

    /// <summary>Tasks of the file that are not planned: agent-os v4 infrastructure steps Pace performs itself.</summary>
    public IReadOnlyList<SpecLeftOutTask> LeftOut { get; init; } = [];

    internal byte[] Source { get; }

    /// <summary>Each task object of the file by id, subtasks included.</summary>
    internal IReadOnlyDictionary<string, JObject> Entries { get; }

    public SpecTask? Find(string id)
    {
        _byId ??= Tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        return _byId.GetValueOrDefault(id);
    }

    /// <summary>The tasks of a wave (1-based), in the wave's order.</summary>
    public IReadOnlyList<SpecTask> TasksOf(int wave) => [.. Waves[wave - 1].TaskIds.Select(id => Find(id)!)];

    /// <summary>
    /// The wave to work on, as execute-spec's wave-info defines it: the first wave with a task
    /// that is not done; null when every task is done.
    /// </summary>
    public SpecWave? CurrentWave => Waves.FirstOrDefault(w => w.TaskIds.Any(id => !Find(id)!.Status.IsDone()));
}
