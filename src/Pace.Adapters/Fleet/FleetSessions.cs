using Npgsql;
using Pace.Adapters.Git;
using Pace.Core.Git;
using Pace.Core.Loop;
using Pace.Core.Ports;

namespace Pace.Adapters.Fleet;

/// <summary>
/// The coordinator's side of a fleet run's sessions: the base commit goes to the run's remote, the
/// session is published as a work item, and once a worker reports it the outcome's commit is fetched
/// into this repository: onto the session's lane branch (passed, for the merge queue) or its attempt
/// ref (failed), where a local lane would have left it. Asked again for the same session (a
/// coordinator started again), it publishes nothing new and waits for, or reads, the same report.
/// </summary>
public sealed class FleetSessions(FleetWork work, string repositoryRoot, string remote, Action<string> log) : IFleetSessions, IDisposable
{
    /// <summary>One push or fetch of this repository at a time: the lanes ask at once, and concurrent fetches into one repository race for its packs and its upkeep.</summary>
    private readonly SemaphoreSlim _remoteGate = new(1, 1);

    /// <summary>How long a coordinator waits for a notice before it looks at the item again anyway.</summary>
    public TimeSpan Look { get; init; } = TimeSpan.FromSeconds(15);

    public async Task<FleetSessionOutcome> RunAsync(FleetSessionRequest request, CancellationToken cancellationToken)
    {
        var run = request.FleetRun;
        var session = request.Session;
        var git = new GitCli(repositoryRoot, null);
        var baseRef = FeatureSessionItem.BaseRef(run, session.Number);
        await WithRemoteAsync(() => git.RunAsync(["push", "--quiet", "--no-verify", remote, $"+{session.BaseCommit}:{baseRef}"], cancellationToken), cancellationToken).ConfigureAwait(false);
        var payload = new FeatureSessionPayload(
            remote, baseRef, request.Run with { Attempts = [], Lanes = [], Current = null, FailureStreak = [], RunAlone = [] }, session, request.FeatureList, request.PreviousAttempt);
        var item = FeatureSessionItem.Name(session.Number);
        var budgeted = request.Run.Options.BudgetUsd is not null;
        var published = new WorkItem(run, item, FeatureSessionItem.Kind, FeatureSessionItem.Serialize(payload)) { Agent = session.AgentName ?? request.Run.Options.Agent };
        await Retry(() => work.OpenRunAsync(run, request.Run.Options.BudgetUsd, cancellationToken), cancellationToken).ConfigureAwait(false);
        await Retry(() => work.PublishAsync([published], cancellationToken), cancellationToken).ConfigureAwait(false);
        if (await WaitForResultAsync(run, item, budgeted, cancellationToken).ConfigureAwait(false) is not { } result)
        {
            return new FleetSessionOutcome(session, null, null, null, 0) { Withdrawn = true };
        }

        var report = FeatureSessionItem.Report(result);
        if (report.Error is { } error || report.Session is not { } reported)
        {
            var reason = $"the fleet's worker {report.Worker ?? "(unknown)"} could not run the session: {report.Error ?? "its report holds no session"}";
            return new FleetSessionOutcome(session with { Phase = SessionPhase.Verified, Passed = false, Reasons = [reason] }, null, null, null, report.CostUsd) { Worker = report.Worker };
        }

        var outcome = new FleetSessionOutcome(reported, report.Evidence, null, null, report.CostUsd)
        {
            Limit = report.Limit, TranscriptPath = report.TranscriptPath, TranscriptTail = report.TranscriptTail, Worker = report.Worker,
        };
        if (report.Limit is not null || report.Commit is not { } commit || report.ResultRef is not { } resultRef)
        {
            return outcome;
        }

        var passed = reported.Passed == true;
        var local = passed ? "refs/heads/" + RefNames.LaneBranch(session.Number) : RefNames.Session(RefNames.Attempts, session.FeatureId, session.Number);
        await WithRemoteAsync(() => git.RunAsync(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--no-auto-maintenance", remote, $"+{resultRef}:{local}"], cancellationToken), cancellationToken).ConfigureAwait(false);
        var fetched = (await git.RunAsync(["rev-parse", "--verify", local + "^{commit}"], cancellationToken).ConfigureAwait(false)).Text;
        if (fetched != commit)
        {
            // Someone else's push replaced the claim's own ref: nothing on it can be trusted as this session's work.
            throw new FleetException($"{resultRef} on {remote} is at {fetched[..7]}, not at the reported {commit[..Math.Min(7, commit.Length)]}");
        }

        return passed ? outcome with { Commit = commit } : outcome with { AttemptRef = local };
    }

    /// <summary>
    /// Removes a finished run's refs from the remote (its sessions' bases and the workers' results):
    /// what they held is in this repository now, on the run's branch and its attempt refs. A
    /// remote out of reach is said, not fatal: the run is done.
    /// </summary>
    public async Task ForgetRunAsync(string run, CancellationToken cancellationToken)
    {
        var git = new GitCli(repositoryRoot, null);
        var listed = await git.TryAsync(["ls-remote", "--refs", remote, $"refs/pace/fleet/{run}/*", $"refs/pace/results/{run}/*"], cancellationToken).ConfigureAwait(false);
        var refs = listed.ExitCode == 0 ? listed.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[^1]).ToList() : null;
        if (refs is { Count: 0 })
        {
            return;
        }

        var deleted = refs is null ? listed : await git.TryAsync(["push", "--quiet", "--no-verify", remote, .. refs.Select(r => ":" + r)], cancellationToken).ConfigureAwait(false);
        if (deleted.ExitCode != 0)
        {
            log($"could not remove the run's refs from {remote} (refs/pace/fleet/{run}/, refs/pace/results/{run}/): {deleted.Stderr.Trim()}");
        }
    }

    /// <summary>
    /// The item's result, once a worker reports it: woken by the notice on <see cref="FleetWork.DoneChannel"/>
    /// that names it (or, with a <paramref name="budgeted"/> run, any report of the run, which may have
    /// spent the budget), or looking again every <see cref="Look"/>. Other notices wake the wait
    /// without a statement. Null: no worker had claimed it when the run's budget was spent, and it was withdrawn.
    /// </summary>
    private async Task<string?> WaitForResultAsync(string run, string item, bool budgeted, CancellationToken cancellationToken)
    {
        var mine = FleetWork.DoneNotice(run, item);
        var ofRun = FleetWork.DoneNotice(run, "");
        while (true)
        {
            NpgsqlConnection? listening = null;
            var look = 1;
            NotificationEventHandler heard = (_, e) =>
            {
                if (e.Payload == mine || budgeted && e.Payload.StartsWith(ofRun, StringComparison.Ordinal))
                {
                    Volatile.Write(ref look, 1);
                }
            };
            try
            {
                // Listening before looking: a report that lands in between still wakes the wait.
                listening = await work.ListenAsync(cancellationToken, FleetWork.DoneChannel).ConfigureAwait(false);
                listening.Notification += heard;
                while (true)
                {
                    if (Interlocked.Exchange(ref look, 0) == 1)
                    {
                        if (await work.ResultAsync(run, item, cancellationToken).ConfigureAwait(false) is { } result)
                        {
                            return result;
                        }

                        if (budgeted && await work.WithdrawIfOverBudgetAsync(run, item, cancellationToken).ConfigureAwait(false))
                        {
                            return null;
                        }
                    }

                    if (!await listening.WaitAsync(Look, cancellationToken).ConfigureAwait(false))
                    {
                        // No notice for a while: look anyway (a notice lost with a connection, say).
                        Volatile.Write(ref look, 1);
                    }
                }
            }
            catch (Exception e) when (FleetDatabase.Unreachable(e) && !cancellationToken.IsCancellationRequested)
            {
                log($"fleet database out of reach ({e.Message}); trying again");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (listening is not null)
                {
                    listening.Notification -= heard;
                    await FleetWork.UnlistenAsync(listening).ConfigureAwait(false);
                    await listening.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    public void Dispose() => _remoteGate.Dispose();

    private async Task WithRemoteAsync(Func<Task> step, CancellationToken cancellationToken)
    {
        await _remoteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await step().ConfigureAwait(false);
        }
        finally
        {
            _remoteGate.Release();
        }
    }

    private async Task Retry(Func<Task> step, CancellationToken cancellationToken)
    {
        for (var wait = TimeSpan.FromMilliseconds(500); ; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(30).Ticks)))
        {
            try
            {
                await step().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (FleetDatabase.Unreachable(e) && !cancellationToken.IsCancellationRequested)
            {
                log($"fleet database out of reach ({e.Message}); trying again in {wait.TotalSeconds:0.#} s");
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
