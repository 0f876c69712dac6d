using Pace.Adapters.Doctor;
using Pace.Adapters.Git;
using Pace.Adapters.Loop;
using Pace.Cli.Commands;
using Pace.Core.Diagnostics;
using Pace.Core.Loop;

namespace Pace.Cli;

/// <summary>Where `pace run` works, and what it requires of that tree before it starts or resumes.</summary>
internal static class LoopPlace
{
    /// <summary>Where a new run works: the person's checkout, or with --worktree a worktree of its own (docs/feature-loop.md).</summary>
    public static async Task<(string Tree, RunOptions Options)> StartAsync(
        CliContext context, RunCommand.Options options, RunState? previous, RunWorktrees worktrees, ProjectLayout layout, RunOptions runOptions, CancellationToken cancellationToken)
    {
        var say = options.Json ? context.Error : context.Out;

        // A worktree run killed after it finished but before it moved the person's branch is finished now.
        if (previous?.Options.Worktree is { } done && await worktrees.FinishAsync(done, cancellationToken).ConfigureAwait(false) is { } left)
        {
            await say.WriteLineAsync(left).ConfigureAwait(false);
        }

        if (!options.Worktree)
        {
            await worktrees.RequireNoPendingWorkAsync(cancellationToken).ConfigureAwait(false);
            return (worktrees.Root, runOptions);
        }

        var (place, note) = await worktrees.StartAsync(layout.FeatureList, cancellationToken).ConfigureAwait(false);
        await say.WriteLineAsync(note ?? $"Working on branch {place.Branch} in {RunWorktrees.RelativePath}; your checkout is left alone.").ConfigureAwait(false);
        return (worktrees.Tree, runOptions with { Worktree = place with { FastForward = !options.NoFastForward } });
    }

    /// <summary>An interrupted session resumes only where the doctor finds nothing that Pace would have to guess about.</summary>
    public static async Task RequireResumableAsync(string root, ProjectLayout layout, TimeProvider clock, CancellationToken cancellationToken)
    {
        var findings = await new LoopDoctor(root, layout.FeatureList, clock).ExamineAsync(cancellationToken).ConfigureAwait(false);
        var blockers = findings.Where(f => f.BlocksRun).ToList();
        if (blockers.Count > 0)
        {
            throw new InputException("cannot resume the interrupted run; nothing was changed:\n"
                + string.Join("\n", blockers.Select(f => $"  {f.Found}\n    -> {f.Action}")) + "\n'pace doctor' shows the whole state");
        }
    }

    public static async Task RequireCleanTreeAsync(GitCliWorkspace workspace, CancellationToken cancellationToken)
    {
        var head = await workspace.HeadAsync(cancellationToken).ConfigureAwait(false);
        var changed = await workspace.ChangedPathsAsync(head, cancellationToken).ConfigureAwait(false);
        if (changed.Count > 0)
        {
            var shown = string.Join(", ", changed.Take(5)) + (changed.Count > 5 ? $" and {changed.Count - 5} more" : "");
            throw new InputException($"the working tree has uncommitted changes ({shown}); commit or stash them first (Pace puts the tree back after a failed session and must not touch your work), or run with --worktree to leave your checkout alone");
        }
    }
}
