using Pace.Adapters.Forges.Local;
using Pace.Core.Diagnostics;
using Pace.Core.Forge;
using Pace.Core.Waves;

namespace Pace.Adapters.Doctor;

public sealed partial class SpecDoctor
{
    /// <summary>The pull requests the state names against the local forge's records, and the commits its merged waves left.</summary>
    private async Task<List<DoctorFinding>> PullsAsync(SpecCheck c, IReadOnlyDictionary<int, LocalPullRequestRecord> pulls, HashSet<int> owned, CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding>();
        var s = c.State;
        // Merged waves and the wave under review; a failed wave's pull request may be reused by its retry, so it is not judged.
        var named = s.History.Where(h => h is { PrNumber: not null, Status: WaveOutcome.Merged }).Select(h => (h.Wave, Number: h.PrNumber!.Value, Merged: true)).ToList();
        if (s.PrNumber is { } current && (c.InReview || s.Phase == SpecPhase.Completed) && !named.Any(n => n.Number == current))
        {
            named.Add((s.CurrentWave, current, s.CurrentWaveMerged));
        }

        if (s.History.Select(h => h.PrUrl).Append(s.PrUrl).OfType<string>().FirstOrDefault(u => !u.StartsWith("file://", StringComparison.Ordinal)) is { } remote)
        {
            return await RemotePullsAsync(c, remote, named, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (wave, number, merged) in named)
        {
            owned.Add(number);
            if (!pulls.TryGetValue(number, out var record))
            {
                findings.Add(new DoctorFinding(c.Area, "pull requests", FindingKind.Problem, $"the state names PR #{number} of wave {wave}, but the forge has no record {_pulls.PathOf(number)}",
                    merged ? "a person: restore the record if it matters; the wave's merge is in git" : $"a person: restore the record, or pace spec recover {s.SpecName} to start over"));
                continue;
            }

            if (merged)
            {
                findings.AddRange(await MergedPullAsync(c, wave, record, cancellationToken).ConfigureAwait(false));
            }
            else if (record.Status == PullRequestStatus.Merged && s.Phase == SpecPhase.ReadyToMerge)
            {
                findings.Add(new DoctorFinding(c.Area, "pull requests", FindingKind.Note, $"PR #{number} is merged on the forge; the state does not record it yet", $"pace spec run {s.SpecName} records it"));
            }
            else if (record.Status == PullRequestStatus.Closed)
            {
                findings.Add(new DoctorFinding(c.Area, "pull requests", FindingKind.Problem, $"PR #{number} of wave {wave} is closed on the forge, but the state waits on it ({s.Phase.Name()})",
                    $"a person: reopen it (\"status\": \"Open\" in {_pulls.PathOf(number)}), or pace spec recover {s.SpecName}"));
            }
        }

        if (findings.Count == 0)
        {
            findings.Add(DoctorFinding.Ok(c.Area, "pull requests", $"{named.Count} pull request(s) named by the state, each on the forge as the state says; merged waves' commits are on their branches"));
        }

        return findings;
    }

    /// <summary>
    /// The pull requests the state names, asked of the remote forge they are on (read only: a
    /// difference there is for a person to settle on the forge).
    /// </summary>
    private async Task<List<DoctorFinding>> RemotePullsAsync(SpecCheck c, string remote, List<(int Wave, int Number, bool Merged)> named, CancellationToken cancellationToken)
    {
        if (_remoteForge is null)
        {
            return [new DoctorFinding(c.Area, "pull requests", FindingKind.Note, $"the spec's pull requests are on a remote forge ({remote})", "not checked: the project is not set up for that forge (pace.forge); look at them there")];
        }

        var findings = new List<DoctorFinding>();
        try
        {
            _remote ??= await _remoteForge(cancellationToken).ConfigureAwait(false);
            foreach (var (wave, number, merged) in named)
            {
                var pull = await _remote.GetAsync(number, cancellationToken).ConfigureAwait(false);
                var where = pull?.Url ?? $"PR #{number}";
                if (pull is null)
                {
                    findings.Add(new DoctorFinding(c.Area, "pull requests", FindingKind.Problem, $"the state names PR #{number} of wave {wave}, but the forge ({remote}) has no such pull request",
                        merged ? "a person: the wave's merge is in git; the pull request was deleted on the forge" : $"a person: pace spec recover {c.State.SpecName} to start over"));
                }
                else if (merged && pull.Status != PullRequestStatus.Merged)
                {
                    findings.Add(new DoctorFinding(c.Area, "pull requests", FindingKind.Problem, $"{where} is {pull.Status.ToString().ToLowerInvariant()} on the forge, but the state says wave {wave} is merged",
                        "a person: look at the pull request; the wave's squash merge is what the state and git hold"));
                }
                else if (!merged && pull.Status == PullRequestStatus.Closed)
                {
                    findings.Add(new DoctorFinding(c.Area, "pull requests", FindingKind.Problem, $"{where} of wave {wave} is closed on the forge, but the state waits on it ({c.State.Phase.Name()})",
                        $"a person: reopen it on the forge, or pace spec recover {c.State.SpecName}"));
                }
                else if (!merged && pull.Status == PullRequestStatus.Merged)
                {
                    findings.Add(new DoctorFinding(c.Area, "pull requests", FindingKind.Note, $"{where} is merged on the forge; the state does not record it yet", $"pace spec run {c.State.SpecName} records it"));
                }
            }
        }
        catch (Exception e) when (e is InputException or HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return [new DoctorFinding(c.Area, "pull requests", FindingKind.Note, $"the spec's pull requests are on a remote forge ({remote}) that could not be asked: {e.Message}", "not checked; run pace doctor again when the forge can be reached")];
        }

        if (findings.Count == 0)
        {
            findings.Add(DoctorFinding.Ok(c.Area, "pull requests", $"{named.Count} pull request(s) named by the state, each on the forge ({remote}) as the state says"));
        }

        return findings;
    }

    /// <summary>A wave the state says is merged: its record must say so too, and its merge commit must be on the branch it merged into.</summary>
    private async Task<List<DoctorFinding>> MergedPullAsync(SpecCheck c, int wave, LocalPullRequestRecord record, CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding>();
        if (record.Status == PullRequestStatus.Open)
        {
            var squash = await SquashOfAsync(record, cancellationToken).ConfigureAwait(false);
            findings.Add(new DoctorFinding(c.Area, "pull requests", FindingKind.Problem, $"PR #{record.Number} is open on the forge, but the state says wave {wave} is merged",
                squash is null ? "mark it closed (no squash merge of it is on " + record.Base + ")" : $"mark it merged by {Short(squash)}, its squash merge on {record.Base}")
            {
                Repair = _ => Task.FromResult(_pulls.Close(record, squash)),
            });
            return findings;
        }

        if (record.MergeCommit is not { } commit)
        {
            return findings;
        }

        if (!await CommitExistsAsync(commit, cancellationToken).ConfigureAwait(false))
        {
            findings.Add(new DoctorFinding(c.Area, "merged commits", FindingKind.Problem, $"commit {Short(commit)}, the merge of wave {wave} (PR #{record.Number}), is not in the repository",
                "a person: the history was rewritten; the wave's work is not where the state says it is"));
        }
        else if (await BranchAsync(record.Base, cancellationToken).ConfigureAwait(false)
            && !await _repository.IsAncestorAsync(commit, "refs/heads/" + record.Base, cancellationToken).ConfigureAwait(false))
        {
            findings.Add(new DoctorFinding(c.Area, "merged commits", FindingKind.Problem, $"commit {Short(commit)}, the merge of wave {wave} (PR #{record.Number}), is not on {record.Base}",
                $"a person: {record.Base} was reset or rewritten; git branch -f {record.Base} {Short(commit)} brings it back if nothing else was lost"));
        }

        return findings;
    }

    /// <summary>Open pull requests no state names whose head branch is gone: nothing can merge them any more.</summary>
    private async Task<List<DoctorFinding>> OrphanPullsAsync(IReadOnlyDictionary<int, LocalPullRequestRecord> pulls, HashSet<int> owned, CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding>();
        foreach (var record in pulls.Values.Where(r => r.Status == PullRequestStatus.Open && !owned.Contains(r.Number)).OrderBy(r => r.Number))
        {
            if (!await BranchAsync(record.Head, cancellationToken).ConfigureAwait(false))
            {
                findings.Add(new DoctorFinding("forge", "pull requests", FindingKind.Problem, $"PR #{record.Number} is open, but its head branch {record.Head} is gone",
                    "mark it closed (no spec run waits on it)")
                {
                    Repair = _ => Task.FromResult(_pulls.Close(record, null)),
                });
            }
        }

        if (pulls.Count > 0 && findings.Count == 0)
        {
            findings.Add(DoctorFinding.Ok("forge", "pull requests", $"{pulls.Count} record(s) in .pace/forge/pulls; every open one has its head branch"));
        }

        return findings;
    }

    /// <summary>The squash merge of a pull request on its base: the commit whose subject ends "(PR #N)".</summary>
    private async Task<string?> SquashOfAsync(LocalPullRequestRecord record, CancellationToken cancellationToken)
    {
        var marker = $"(PR #{record.Number})";
        var log = await _git.TryAsync(["log", "--format=%H %s", "--fixed-strings", "--grep=" + marker, "refs/heads/" + record.Base, "--"], cancellationToken).ConfigureAwait(false);
        return log.ExitCode != 0 ? null
            : log.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.EndsWith(marker, StringComparison.Ordinal)).Select(l => l[..l.IndexOf(' ', StringComparison.Ordinal)]).FirstOrDefault();
    }

    private async Task<bool> CommitExistsAsync(string sha, CancellationToken cancellationToken) =>
        (await _git.TryAsync(["rev-parse", "--verify", "--quiet", sha + "^{commit}"], cancellationToken).ConfigureAwait(false)).ExitCode == 0;
}
