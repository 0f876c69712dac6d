using System.Globalization;
using Pace.Core.Diagnostics;
using Pace.Core.Git;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>A wave ready for its tasks: its worktree, the project's test totals there before them, and the commit the tasks start from.</summary>
internal sealed record PreparedWave(string Tree, TestTotals? Baseline, string BaseCommit);

/// <summary>
/// What a wave needs before its tasks: its branches (the old ones kept on refs and deleted on a
/// retry), its worktree, and its baseline, measured once and kept in a file.
/// </summary>
internal sealed class WaveStart(WaveContext context)
{
    private SpecLayout Layout => context.Layout;

    /// <summary>The base branch from the target, the wave branch from the base, <see cref="WaveStarted"/> reported, the worktree and the baseline.</summary>
    public async Task<PreparedWave> PrepareAsync(RunWaveTasks run, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        var repository = context.Repository;
        var tasks = context.Spec.TasksOf(run.Wave);
        if (run.Fresh)
        {
            await RetireAsync(run, tasks, cancellationToken).ConfigureAwait(false);
        }

        if (!await repository.BranchExistsAsync(run.TargetBranch, cancellationToken).ConfigureAwait(false))
        {
            throw new InputException($"the spec's target branch {run.TargetBranch} does not exist in {Layout.RepoRoot}");
        }

        await repository.CreateBranchAsync(run.BaseBranch, run.TargetBranch, cancellationToken).ConfigureAwait(false);
        context.Checkpoint($"base-branch-ready:{run.Wave}");
        await repository.CreateBranchAsync(run.WaveBranch, run.BaseBranch, cancellationToken).ConfigureAwait(false);
        context.Checkpoint($"wave-branch-ready:{run.Wave}");
        await report(new WaveStarted(context.Clock.GetUtcNow(), run.Wave, [.. tasks.Select(t => t.Id)])).ConfigureAwait(false);

        var waveTree = Layout.WaveWorktree(run.Wave);
        await Integration.MergeQueue.OpenWorktreeAsync(repository, new Git.GitCliWorkspace(waveTree, context.GitEnvironment), run.WaveBranch, cancellationToken).ConfigureAwait(false);
        context.Checkpoint($"wave-worktree-ready:{run.Wave}");
        var baseline = await BaselineAsync(run.Wave, waveTree, cancellationToken).ConfigureAwait(false);
        // The tasks start from the base branch's head, which stays put during the wave; the wave
        // branch moves when passed tasks are merged into it early (so that the wave's end has less to do).
        var baseCommit = await repository.ResolveAsync("refs/heads/" + run.BaseBranch, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"branch {run.BaseBranch} vanished");
        return new PreparedWave(waveTree, baseline, baseCommit);
    }

    /// <summary>The project's test totals on the wave branch before its tasks, measured once per wave and kept in a file.</summary>
    public async Task<TestTotals?> BaselineAsync(int wave, string waveTree, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Layout.DataFolder, $"wave-{wave}", "baseline.txt");
        if (File.Exists(path))
        {
            var fields = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length == 3 ? new TestTotals(Int(fields[0]), Int(fields[1]), Int(fields[2])) : null;
        }

        var results = new List<CheckResult>();
        foreach (var check in context.Config.Checks)
        {
            results.Add(await context.Checks.RunAsync(check, Layout.ProjectIn(waveTree), Path.Combine(Layout.DataFolder, $"wave-{wave}", "baseline"), cancellationToken).ConfigureAwait(false));
        }

        var totals = Verifier.SumTotals(results);
        Storage.AtomicFile.WriteAllText(path, totals is null ? "none" : $"{totals.Passed} {totals.Failed} {totals.Skipped}");
        context.Checkpoint($"baseline-measured:{wave}");
        return totals;

        static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>A retry: the wave's branches go to refs/pace/retired/SPEC/wave-N/K/ and are deleted, so the wave starts over from the base branch.</summary>
    private async Task RetireAsync(RunWaveTasks run, IReadOnlyList<SpecTask> tasks, CancellationToken cancellationToken)
    {
        var repository = context.Repository;
        var prefix = await repository.NextRefAsync(RefNames.Retired(context.Spec.Name, run.Wave), cancellationToken).ConfigureAwait(false);
        await repository.RemoveWorktreeAsync(Layout.WaveWorktree(run.Wave), cancellationToken).ConfigureAwait(false);
        var branches = new List<string> { run.WaveBranch };
        foreach (var task in tasks)
        {
            await repository.RemoveWorktreeAsync(Layout.TaskWorktree(run.Wave, task.Id), cancellationToken).ConfigureAwait(false);
            branches.Add(Layout.TaskBranch(run.Wave, task.Id));
        }

        foreach (var branch in branches)
        {
            if (await repository.ResolveAsync("refs/heads/" + branch, cancellationToken).ConfigureAwait(false) is { } commit)
            {
                await repository.UpdateRefAsync($"{prefix}/{RefNames.Safe(branch)}", commit, cancellationToken).ConfigureAwait(false);
                await repository.DeleteBranchAsync(branch, cancellationToken).ConfigureAwait(false);
            }
        }

        var baseline = Path.Combine(Layout.DataFolder, $"wave-{run.Wave}", "baseline.txt");
        if (File.Exists(baseline))
        {
            File.Delete(baseline);
        }
    }
}
