using System.Globalization;
using Pace.Core.Git;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

// What a wave needs around its tasks: its baseline, and its branches retired before a retry.
public sealed partial class WaveEffects
{
    /// <summary>The project's test totals on the wave branch before its tasks, measured once per wave and kept in a file.</summary>
    private async Task<TestTotals?> BaselineAsync(int wave, string waveTree, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Layout.DataFolder, $"wave-{wave}", "baseline.txt");
        if (File.Exists(path))
        {
            var fields = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length == 3 ? new TestTotals(Int(fields[0]), Int(fields[1]), Int(fields[2])) : null;
        }

        var results = await RunChecksAsync(_context.Config.Checks, waveTree, Path.Combine(Layout.DataFolder, $"wave-{wave}", "baseline"), cancellationToken).ConfigureAwait(false);
        var totals = Verifier.SumTotals(results);
        Storage.AtomicFile.WriteAllText(path, totals is null ? "none" : $"{totals.Passed} {totals.Failed} {totals.Skipped}");
        _context.Checkpoint($"baseline-measured:{wave}");
        return totals;

        static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>A retry: the wave's branches go to refs/pace/retired/SPEC/wave-N/K/ and are deleted, so the wave starts over from the base branch.</summary>
    private async Task RetireAsync(RunWaveTasks run, IReadOnlyList<SpecTask> tasks, CancellationToken cancellationToken)
    {
        var repository = _context.Repository;
        var prefix = await _context.Repository.NextRefAsync(RefNames.Retired(_context.Spec.Name, run.Wave), cancellationToken).ConfigureAwait(false);
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
