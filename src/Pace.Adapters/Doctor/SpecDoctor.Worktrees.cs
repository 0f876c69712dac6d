using System.Globalization;
using Pace.Core.Git;
using Pace.Core.Waves;

namespace Pace.Adapters.Doctor;

public sealed partial class SpecDoctor
{
    /// <summary>The spec's worktrees as git registers them, as they are on disk, and as the state needs them.</summary>
    private async Task<List<DoctorFinding>> WorktreesAsync(SpecCheck c, CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding>();
        var s = c.State;
        var folder = Path.GetFullPath(Path.Combine(c.Layout.PaceFolder, "worktrees", s.SpecName));
        var registered = (await _repository.ListWorktreesAsync(cancellationToken).ConfigureAwait(false))
            .Where(w => !w.IsMain && Path.GetFullPath(w.Path).StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        var cleaned = c.CleanedWaves.ToHashSet();
        var waveTree = Path.GetFullPath(c.Layout.WaveWorktree(s.CurrentWave));
        foreach (var worktree in registered)
        {
            var wave = WaveOf(worktree.Path);
            var current = wave == s.CurrentWave && !cleaned.Contains(wave) && s.Phase is not (SpecPhase.Completed or SpecPhase.Init);
            if (worktree is { Locked: true, Prunable: false })
            {
                findings.Add(await LockedAsync(c, worktree, current, cancellationToken).ConfigureAwait(false));
            }
            else if (worktree.Prunable)
            {
                findings.Add(await GoneFolderAsync(c, worktree, current, cancellationToken).ConfigureAwait(false));
            }
            else if (!current && (cleaned.Contains(wave) || s.Phase == SpecPhase.Completed))
            {
                findings.Add(await LeftOverAsync(c, worktree, wave, cancellationToken).ConfigureAwait(false));
            }
        }

        var known = registered.Select(w => Path.GetFullPath(w.Path)).ToHashSet(StringComparer.Ordinal);
        foreach (var stray in Directory.Exists(folder) ? Directory.GetDirectories(folder).Where(d => !known.Contains(Path.GetFullPath(d))) : [])
        {
            var empty = !Directory.EnumerateFileSystemEntries(stray).Any();
            findings.Add(new DoctorFinding(c.Area, "worktrees", FindingKind.Problem, $"{stray} is a folder where Pace keeps worktrees, but git has no worktree there",
                empty ? "remove the empty folder" : "a person: it may hold work, so the doctor leaves it; look at it and delete it (pace spec run cannot make a worktree there)")
            {
                Repair = empty ? _ => { Directory.Delete(stray); return Task.FromResult($"removed the empty folder {stray}"); } : null,
            });
        }

        if (c.InReview && !known.Contains(waveTree) && await BranchAsync(s.WaveBranch, cancellationToken).ConfigureAwait(false))
        {
            findings.Add(new DoctorFinding(c.Area, "worktrees", FindingKind.Problem, $"wave {s.CurrentWave} is {s.Phase.Name()}, but its worktree {waveTree} is not there",
                $"make it again from {s.WaveBranch} (pace spec run would too)")
            {
                Repair = async token =>
                {
                    await _repository.AddWorktreeAsync(waveTree, s.WaveBranch, token).ConfigureAwait(false);
                    return $"made the worktree {waveTree} of {s.WaveBranch} again";
                },
            });
        }

        if (findings.Count == 0)
        {
            findings.Add(DoctorFinding.Ok(c.Area, "worktrees", $"{registered.Count} worktree(s) under {folder}, each registered in git and on disk, as the state needs"));
        }

        return findings;
    }

    /// <summary>A registered worktree whose folder is gone: git forgets it; one the current wave still needs is made again from its branch.</summary>
    private async Task<DoctorFinding> GoneFolderAsync(SpecCheck c, WorktreeInfo worktree, bool current, CancellationToken cancellationToken)
    {
        var found = $"git has a worktree at {worktree.Path} ({worktree.Branch ?? "detached"}), but its folder is gone";
        var branch = worktree.Branch;
        var remake = current && branch is not null && await BranchAsync(branch, cancellationToken).ConfigureAwait(false);
        return new DoctorFinding(c.Area, "worktrees", FindingKind.Problem, found,
            remake ? $"prune it and make it again from its branch {branch}" : "prune it (its wave no longer needs it)")
        {
            Repair = async token =>
            {
                await _repository.RemoveWorktreeAsync(worktree.Path, token).ConfigureAwait(false);
                if (!remake)
                {
                    return $"pruned the worktree {worktree.Path}";
                }

                await _repository.AddWorktreeAsync(worktree.Path, branch!, token).ConfigureAwait(false);
                return $"pruned the worktree {worktree.Path} and made it again from {branch}";
            },
        };
    }

    /// <summary>
    /// A locked worktree of Pace's: git refuses to remove it, so the wave's cleanup and pace spec retry
    /// would fail on every call. One whose add never finished is removed (and made again if the current
    /// wave needs it); another is unlocked, its files untouched.
    /// </summary>
    private async Task<DoctorFinding> LockedAsync(SpecCheck c, WorktreeInfo worktree, bool current, CancellationToken cancellationToken)
    {
        var branch = worktree.Branch;
        var where = $"{worktree.Path} ({branch ?? "detached"})";
        if (!worktree.AddUnfinished)
        {
            var reason = worktree.LockReason is { Length: > 0 } r ? $" ({r})" : "";
            return new DoctorFinding(c.Area, "worktrees", FindingKind.Problem,
                $"{where} is locked{reason}; git refuses to remove a locked worktree, so the wave's cleanup and pace spec retry would fail", "unlock it (its files stay)")
            {
                Repair = async token =>
                {
                    await _repository.UnlockAsync(worktree, token).ConfigureAwait(false);
                    return $"unlocked the worktree {worktree.Path}";
                },
            };
        }

        var remake = current && branch is not null && await BranchAsync(branch, cancellationToken).ConfigureAwait(false);
        return new DoctorFinding(c.Area, "worktrees", FindingKind.Problem,
            $"{where} is locked by a git worktree add that never finished: its files may be checked out only in part",
            remake ? $"remove it and make it again from its branch {branch}" : "remove it (its branch stays)")
        {
            Repair = async token =>
            {
                await _repository.RemoveWorktreeAsync(worktree.Path, token).ConfigureAwait(false);
                if (!remake)
                {
                    return $"removed the unfinished worktree {worktree.Path}";
                }

                await _repository.AddWorktreeAsync(worktree.Path, branch!, token).ConfigureAwait(false);
                return $"removed the unfinished worktree {worktree.Path} and made it again from {branch}";
            },
        };
    }

    /// <summary>A worktree of a wave that is cleaned up: removed when it holds no uncommitted change, else left for a person.</summary>
    private async Task<DoctorFinding> LeftOverAsync(SpecCheck c, WorktreeInfo worktree, int wave, CancellationToken cancellationToken)
    {
        var status = await new Git.GitCli(worktree.Path, null).TryAsync(["status", "--porcelain"], cancellationToken).ConfigureAwait(false);
        var clean = status.ExitCode == 0 && status.Text.Length == 0;
        var found = $"{worktree.Path} ({worktree.Branch ?? "detached"}) is still a worktree, but the state says wave {wave} is cleaned up";
        return new DoctorFinding(c.Area, "worktrees", FindingKind.Problem, found,
            clean ? "remove the worktree (it has no uncommitted change; its branch stays)" : "a person: it has uncommitted changes; save what matters, then git worktree remove it")
        {
            Repair = clean ? async token =>
            {
                await _repository.RemoveWorktreeAsync(worktree.Path, token).ConfigureAwait(false);
                return $"removed the worktree {worktree.Path}";
            }
            : null,
        };
    }

    /// <summary>The wave of a worktree folder named wave-N or wave-N-TASK; 0 when the name is not Pace's.</summary>
    private static int WaveOf(string path)
    {
        var name = Path.GetFileName(path.TrimEnd(Path.DirectorySeparatorChar));
        if (!name.StartsWith("wave-", StringComparison.Ordinal))
        {
            return 0;
        }

        var digits = new string([.. name[5..].TakeWhile(char.IsAsciiDigit)]);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var wave) ? wave : 0;
    }
}
