using Pace.Adapters.Forges.Local;
using Pace.Adapters.Specs;
using Pace.Core.Forge;
using Pace.Core.Git;
using Pace.Core.Waves;

namespace Pace.Adapters.Doctor;

public sealed partial class SpecDoctor
{
    /// <summary>The target, base and wave branches the state needs, and the branches of cleaned-up waves that must be gone.</summary>
    private async Task<List<DoctorFinding>> BranchesAsync(SpecCheck c, IReadOnlyDictionary<int, LocalPullRequestRecord> pulls, CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding>();
        var s = c.State;
        if (!await BranchAsync(s.TargetBranch, cancellationToken).ConfigureAwait(false))
        {
            findings.Add(new DoctorFinding(c.Area, "target branch", FindingKind.Problem, $"the target branch {s.TargetBranch} does not exist",
                "a person: restore it; the final wave merges into it"));
        }

        var merged = s.History.Where(h => h.Status == WaveOutcome.Merged).ToList();
        var baseNeeded = c.InReview || (s.Phase == SpecPhase.Execute && merged.Count > 0);
        if (baseNeeded && !await BranchAsync(s.BaseBranch, cancellationToken).ConfigureAwait(false))
        {
            findings.Add(await MissingBaseAsync(c, merged, pulls, cancellationToken).ConfigureAwait(false));
        }

        if (c.InReview && !await BranchAsync(s.WaveBranch, cancellationToken).ConfigureAwait(false))
        {
            findings.Add(new DoctorFinding(c.Area, "wave branch", FindingKind.Problem,
                $"wave {s.CurrentWave} is {s.Phase.Name()} with PR #{s.PrNumber}, but its branch {s.WaveBranch} does not exist",
                $"a person: restore the branch (its tasks' commits may still be on their task branches), or pace spec recover {s.SpecName} to start the spec over"));
        }

        if (c.InReview)
        {
            foreach (var branch in c.TaskIds(s.CurrentWave).Select(id => c.Layout.TaskBranch(s.CurrentWave, id)))
            {
                if (!await BranchAsync(branch, cancellationToken).ConfigureAwait(false))
                {
                    findings.Add(new DoctorFinding(c.Area, "task branches", FindingKind.Note, $"the task branch {branch} of wave {s.CurrentWave} is gone before its wave's cleanup",
                        $"nothing to repair: its work was merged into {s.WaveBranch} before the pull request was opened; the cleanup skips it"));
                }
            }
        }

        var gone = new List<string>();
        foreach (var wave in c.CleanedWaves)
        {
            gone.Add(RefNames.WaveBranch(s.SpecName, wave));
            gone.AddRange(c.TaskIds(wave).Select(id => c.Layout.TaskBranch(wave, id)));
            if (wave == s.TotalWaves && s.BaseBranch != s.TargetBranch)
            {
                gone.Add(s.BaseBranch);
            }
        }

        var worktrees = await _repository.ListWorktreesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var branch in gone.Distinct(StringComparer.Ordinal))
        {
            if (await _repository.ResolveAsync("refs/heads/" + branch, cancellationToken).ConfigureAwait(false) is not { } tip)
            {
                continue;
            }

            var keep = RefNames.SpecItem(RefNames.Doctor, s.SpecName, branch);
            var found = $"the state says {branch} was deleted when its wave was cleaned up, but it exists (at {Short(tip)})";
            findings.Add(worktrees.FirstOrDefault(w => w.Branch == branch && !w.Prunable) is { } checkedOut
                ? new DoctorFinding(c.Area, "branches", FindingKind.Problem, found, $"a person: it is checked out in {checkedOut.Path}; remove that worktree, then delete it")
                : new DoctorFinding(c.Area, "branches", FindingKind.Problem, found, $"keep its commit on {keep} and delete the branch")
                {
                    Repair = async token =>
                    {
                        await _repository.UpdateRefAsync(keep, tip, token).ConfigureAwait(false);
                        await _repository.DeleteBranchAsync(branch, token).ConfigureAwait(false);
                        return $"deleted {branch}; its commit {Short(tip)} is kept on {keep}";
                    },
                });
        }

        if (findings.Count == 0)
        {
            findings.Add(DoctorFinding.Ok(c.Area, "branches", $"{s.TargetBranch}{(baseNeeded ? ", " + s.BaseBranch : "")}{(c.InReview ? ", " + s.WaveBranch : "")} as the state says; those of cleaned-up waves are gone"));
        }

        return findings;
    }

    /// <summary>The base branch is gone while waves still merge into it: it can be made again at the last wave's squash merge, which was its tip.</summary>
    private async Task<DoctorFinding> MissingBaseAsync(SpecCheck c, List<WaveRecord> merged, IReadOnlyDictionary<int, LocalPullRequestRecord> pulls, CancellationToken cancellationToken)
    {
        var s = c.State;
        var found = $"the spec's base branch {s.BaseBranch} does not exist; {merged.Count} wave(s) were merged into it";
        var last = merged.LastOrDefault(h => h.PrNumber is { } n && pulls.TryGetValue(n, out var r) && r.Status == PullRequestStatus.Merged && r.Base == s.BaseBranch && r.MergeCommit is not null);
        if (last is null || !await CommitExistsAsync(pulls[last.PrNumber!.Value].MergeCommit!, cancellationToken).ConfigureAwait(false))
        {
            return new DoctorFinding(c.Area, "base branch", FindingKind.Problem, found,
                $"a person: recreate it (git branch {s.BaseBranch} {s.TargetBranch} when no wave was merged into it yet)");
        }

        var commit = pulls[last.PrNumber!.Value].MergeCommit!;
        return new DoctorFinding(c.Area, "base branch", FindingKind.Problem, found, $"recreate it at {Short(commit)}, the squash merge of wave {last.Wave} (PR #{last.PrNumber})")
        {
            Repair = async token =>
            {
                await _repository.CreateBranchAsync(s.BaseBranch, commit, token).ConfigureAwait(false);
                return $"recreated {s.BaseBranch} at {Short(commit)}";
            },
        };
    }

    private Task<bool> BranchAsync(string branch, CancellationToken cancellationToken) => _repository.BranchExistsAsync(branch, cancellationToken);
}
