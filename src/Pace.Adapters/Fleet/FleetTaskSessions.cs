using Pace.Adapters.Git;
using Pace.Adapters.Specs;
using Pace.Adapters.Storage;
using Pace.Core.Verification;

namespace Pace.Adapters.Fleet;

/// <summary>
/// The coordinator's side of a spec run's task sessions on the fleet (<c>pace spec run --fleet</c>):
/// the task runner's session is published through <paramref name="items"/> instead of run here, and
/// the worker's outcome lands where the local session would have left it: a passed commit on the
/// task's branch (its worktree moved to it), a failed attempt or a usage window's partial work on the
/// task's next ref, the evidence in the task's session folder with the worker named. Merges, pull
/// requests, reviews and review fixes stay with the coordinator.
/// </summary>
/// <param name="run">The spec run's name in the fleet (kept in the spec's data folder, see <see cref="RunName"/>).</param>
/// <param name="agent">The agent the tasks use, as the project's pace.json names it.</param>
public sealed class FleetTaskSessions(FleetItems items, string run, string agent)
{
    internal const string FileName = "fleet-run";

    public string Run => run;

    /// <summary>The spec run's name in the fleet: made once (spec, then a random part) and kept in <paramref name="dataFolder"/>, so a coordinator started again asks for the same items.</summary>
    public static string RunName(string dataFolder, string spec)
    {
        if (SavedRunName(dataFolder) is { } named)
        {
            return named;
        }

        var name = $"spec-{Core.Git.RefNames.Safe(spec)}-{Guid.NewGuid().ToString("N")[..8]}";
        KeepRunName(dataFolder, name);
        return name;
    }

    /// <summary>The spec run's name in the fleet as <paramref name="dataFolder"/> keeps it; null when the spec's run there is no fleet's.</summary>
    public static string? SavedRunName(string dataFolder)
    {
        var path = Path.Combine(dataFolder, FileName);
        return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } named ? named : null;
    }

    /// <summary>Keeps <paramref name="name"/> as the spec run's name in the fleet (a run taken over gets the name it had).</summary>
    public static void KeepRunName(string dataFolder, string name)
    {
        Directory.CreateDirectory(dataFolder);
        AtomicFile.WriteAllText(Path.Combine(dataFolder, FileName), name + "\n");
    }

    /// <summary>Forgets the name: the spec's next run, here or on a fleet, is a run of its own.</summary>
    public static void ForgetRunName(string dataFolder) => File.Delete(Path.Combine(dataFolder, FileName));

    internal async Task<SessionOutcome> RunAsync(int wave, string taskId, int pausesBefore, SpecSessionRequest request, SpecSessionContext context, CancellationToken cancellationToken)
    {
        var attempt = int.Parse((await context.Repository.NextRefAsync(request.AttemptPrefix, cancellationToken).ConfigureAwait(false)).Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var item = SpecTaskItem.Name(wave, taskId, request.BaseCommit, attempt, pausesBefore);
        var baseRef = FleetItems.BaseRef(run, item);
        var layout = context.Layout;
        var payload = new SpecTaskPayload(
            items.Remote, baseRef, request.BaseCommit, layout.SpecName, layout.ProjectRel, layout.SpecFileRel, layout.Format, agent,
            request.ItemId, request.Prompt, request.Checks, request.Baseline, request.CommitMessage)
        {
            Verify = request.Verify, Prove = request.Prove, Regression = request.Regression, Evaluated = request.Evaluated, TestFiles = request.TestFiles,
        };
        var result = await items.RunAsync(new WorkItem(run, item, SpecTaskItem.Kind, SpecTaskItem.Serialize(payload)) { Agent = agent }, request.BaseCommit, baseRef, null, cancellationToken, () => context.Checkpoint($"fleet-task-published:{taskId}")).ConfigureAwait(false)
            ?? throw new FleetException($"{item} of {run} was withdrawn, but a spec run has no budget to withdraw it for");
        var report = SpecTaskItem.Report(result);
        if (report.Error is { } error)
        {
            // An attempt with nothing in it, on a ref of its own: the next try of the task is a new item, not this report again.
            var marker = await context.Repository.NextRefAsync(request.AttemptPrefix, cancellationToken).ConfigureAwait(false);
            await context.Repository.UpdateRefAsync(marker, request.BaseCommit, cancellationToken).ConfigureAwait(false);
            return new SessionOutcome(false, [$"the fleet's worker {report.Worker ?? "(unknown)"} could not run the session: {error}"], null, marker);
        }

        var workspace = new GitCliWorkspace(request.Worktree, context.GitEnvironment);
        if (report.Limit is { } limit)
        {
            var aside = report.Commit is { } partial && report.ResultRef is { } partialRef && request.InterruptedPrefix is { } prefix
                ? await context.Repository.NextRefAsync(prefix, cancellationToken).ConfigureAwait(false) : null;
            if (aside is not null)
            {
                await items.FetchAsync(report.ResultRef!, aside, report.Commit!, cancellationToken).ConfigureAwait(false);
            }

            return new SessionOutcome(false, [], null, aside) { Limit = limit };
        }

        var origin = new FleetOrigin(report.Worker ?? "(unknown)", report.TranscriptTail);
        if (report.Passed && report.Commit is { } commit && report.ResultRef is { } resultRef)
        {
            var fetched = $"refs/pace/fleet/fetched/{run}/{item}";
            await items.FetchAsync(resultRef, fetched, commit, cancellationToken).ConfigureAwait(false);
            // The evidence before the branch moves, as a local session writes it before its commit.
            WriteEvidence(request.Folder, report.Evidence, e => e with { RanOn = origin });
            await workspace.ResetAsync(commit, cancellationToken).ConfigureAwait(false);
            await context.Repository.DeleteRefAsync(fetched, cancellationToken).ConfigureAwait(false);
            return new SessionOutcome(true, [], commit, null);
        }

        // Every failed attempt gets its ref, as a local one does: one that changed nothing is kept at its base. The
        // count of attempts names the task's next item, so without it a retry would find this failed item again.
        var attemptRef = await context.Repository.NextRefAsync(request.AttemptPrefix, cancellationToken).ConfigureAwait(false);
        if (report.Commit is { } failed && report.ResultRef is { } failedRef)
        {
            await items.FetchAsync(failedRef, attemptRef, failed, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await context.Repository.UpdateRefAsync(attemptRef, request.BaseCommit, cancellationToken).ConfigureAwait(false);
        }

        WriteEvidence(request.Folder, report.Evidence, e => e with { RanOn = origin, AttemptRef = attemptRef });
        var reasons = report.Passed ? ["the worker reported a pass without its commit"] : report.Reasons;
        return new SessionOutcome(false, reasons, null, attemptRef, report.ClaimedSuccessFalsely);
    }

    private static void WriteEvidence(string folder, SessionEvidence? evidence, Func<SessionEvidence, SessionEvidence> change)
    {
        if (evidence is null)
        {
            return;
        }

        TaskEvidence.MakeRoom(folder);
        Directory.CreateDirectory(folder);
        AtomicFile.Write(Path.Combine(folder, "evidence.json"), EvidenceJson.Serialize(change(evidence)));
    }
}
