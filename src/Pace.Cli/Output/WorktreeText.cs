using Pace.Adapters.Loop;
using Pace.Adapters.Storage;

namespace Pace.Cli.Output;

/// <summary>For `pace status` beside a `pace run --worktree` (or `--parallel`) that has not ended: where the run works, its progress there, and its lanes.</summary>
internal static class WorktreeText
{
    /// <summary>Null when no unfinished run works in a worktree; <paramref name="saved"/> is the state <see cref="RunStateFile.WithFolder"/> found.</summary>
    public static string? Of((Core.Loop.RunState State, string Folder)? saved, string listPath)
    {
        if (saved is not ({ Finished: false, Options.Worktree: { } place }, var folder))
        {
            return null;
        }

        var there = Path.Combine(folder, RunWorktrees.RelativePath, Path.GetRelativePath(folder, Path.GetFullPath(listPath)));
        var progress = File.Exists(there) && FeatureListFiles.Read(there).List is { } list ? $": {list.Progress.Passing}/{list.Progress.Total} passing there" : "";
        var state = saved.Value.State;
        var lanes = state.Lanes.Count > 0
            ? $"; working on {string.Join(", ", state.Lanes.Select(l => $"{l.FeatureId} (session {l.Number}, {RunLanes.RelativePath}/{l.Number})"))}"
            : "";
        return $"a run works on branch {place.Branch} in {RunWorktrees.RelativePath}{progress}{lanes}; this checkout shows your branch";
    }
}
