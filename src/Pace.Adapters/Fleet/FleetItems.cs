using Npgsql;
using Pace.Adapters.Git;

namespace Pace.Adapters.Fleet;

/// <summary>
/// The coordinator's side of the fleet that feature sessions and spec tasks share: an item's base
/// commit goes to the run's remote, the item is published, the coordinator waits for a worker's
/// report, and the reported commit is fetched into this repository. Asked again for an item it
/// already published (a coordinator started again), it publishes nothing new and waits for, or
/// reads, the same report.
/// </summary>
public sealed class FleetItems(FleetWork work, string repositoryRoot, string remote, Action<string> log) : IDisposable
{
    /// <summary>One push or fetch of this repository at a time: items are asked for at once, and concurrent fetches into one repository race for its packs and its upkeep.</summary>
    private readonly SemaphoreSlim _remoteGate = new(1, 1);

    /// <summary>The run's git remote (any URL git supports), which the workers fetch from and push to.</summary>
    public string Remote => remote;

    /// <summary>The coordinator's repository.</summary>
    public string RepositoryRoot => repositoryRoot;

    /// <summary>The item's result, if a worker has reported it.</summary>
    public async Task<string?> ResultAsync(string run, string item, CancellationToken cancellationToken)
    {
        string? result = null;
        await Retry(async () => result = await work.ResultAsync(run, item, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Called before an item is published: makes the run's record current in the database and returns
    /// the epoch the coordinator holds the run under (<see cref="FleetRunStore.FlushAsync"/>), which the
    /// publishing checks. Null: nothing is checked (a spec run, whose state stays in its files).
    /// </summary>
    public Func<CancellationToken, Task<long>>? Fence { get; set; }

    /// <summary>How long a coordinator waits for a notice before it looks at the item again anyway.</summary>
    public TimeSpan Look { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long an item may wait unclaimed before the coordinator says so (then again every ten times as long).</summary>
    public TimeSpan Unclaimed { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the coordinator puts an item's base commit on the remote.</summary>
    public static string BaseRef(string run, string item) => $"refs/pace/fleet/{run}/base-{item}";

    /// <summary>
    /// Where a worker puts an item's outcome (the passed commit, or the failed attempt) on the remote:
    /// one ref per claim, so a holder that lost the item cannot overwrite the next one's.
    /// </summary>
    public static string ResultRef(string run, string item, long fence) => $"refs/pace/results/{run}/{item}/{fence}";

    /// <summary>Puts <paramref name="commit"/> on the remote as <paramref name="baseRef"/> (an item's base, where the worker fetches it; the run branch).</summary>
    public Task PushAsync(string commit, string baseRef, CancellationToken cancellationToken) => PushAsync([(commit, baseRef)], cancellationToken);

    /// <summary>Puts each commit on the remote as its ref, in one push (a spec run's refs, <see cref="FleetSpecRunStore"/>).</summary>
    public Task PushAsync(IReadOnlyList<(string Commit, string Ref)> refs, CancellationToken cancellationToken) =>
        WithRemoteAsync(() => new GitCli(repositoryRoot, null).RunAsync(["push", "--quiet", "--no-verify", remote, .. refs.Select(r => $"+{r.Commit}:{r.Ref}")], cancellationToken), cancellationToken);

    /// <summary>
    /// Puts the item's base commit on the remote as <paramref name="baseRef"/>, publishes
    /// <paramref name="item"/> (once: an item published before is left as it is) and waits for its
    /// result. Null: no worker had claimed it when the run's budget was spent, and it was withdrawn.
    /// The <see cref="Fence"/> comes first: a coordinator that lost its run pushes nothing either.
    /// </summary>
    /// <param name="published">Called once the item is published (the crash tests stop the coordinator there).</param>
    public async Task<string?> RunAsync(WorkItem item, string baseCommit, string baseRef, decimal? budgetUsd, CancellationToken cancellationToken, Action? published = null)
    {
        long? epoch = Fence is { } fence ? await fence(cancellationToken).ConfigureAwait(false) : null;
        await PushAsync(baseCommit, baseRef, cancellationToken).ConfigureAwait(false);
        await Retry(() => work.OpenRunAsync(item.Run, budgetUsd, cancellationToken), cancellationToken).ConfigureAwait(false);
        await Retry(() => work.PublishAsync([item], cancellationToken, epoch), cancellationToken).ConfigureAwait(false);
        published?.Invoke();
        return await WaitForResultAsync(item.Run, item.Item, budgetUsd is not null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fetches <paramref name="resultRef"/> from the remote onto <paramref name="local"/>, which must
    /// then be at the reported <paramref name="commit"/>: anything else there cannot be trusted as the claim's work.
    /// </summary>
    public async Task FetchAsync(string resultRef, string local, string commit, CancellationToken cancellationToken)
    {
        var git = new GitCli(repositoryRoot, null);
        await WithRemoteAsync(() => git.RunAsync(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--no-auto-maintenance", remote, $"+{resultRef}:{local}"], cancellationToken), cancellationToken).ConfigureAwait(false);
        var fetched = (await git.RunAsync(["rev-parse", "--verify", local + "^{commit}"], cancellationToken).ConfigureAwait(false)).Text;
        if (fetched != commit)
        {
            // Someone else's push replaced the claim's own ref: nothing on it can be trusted as this item's work.
            throw new FleetException($"{resultRef} on {remote} is at {fetched[..7]}, not at the reported {commit[..Math.Min(7, commit.Length)]}");
        }
    }

    /// <summary>A run's refs on the remote (its items' bases, its run branch as each coordinator pushed it), fetched under the same names here: a coordinator taking the run over needs them.</summary>
    public Task FetchRunRefsAsync(string run, CancellationToken cancellationToken) =>
        WithRemoteAsync(() => new GitCli(repositoryRoot, null).RunAsync(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", remote, $"+refs/pace/fleet/{run}/*:refs/pace/fleet/{run}/*"], cancellationToken), cancellationToken);

    /// <summary>Removes the copies of a run's refs that <see cref="FetchRunRefsAsync"/> made here (a takeover that was refused leaves none behind); best effort.</summary>
    public async Task DropFetchedRunRefsAsync(string run, CancellationToken cancellationToken)
    {
        var git = new GitCli(repositoryRoot, null);
        var listed = await git.TryAsync(["for-each-ref", "--format=delete %(refname)", $"refs/pace/fleet/{run}/"], cancellationToken).ConfigureAwait(false);
        if (listed.ExitCode == 0 && listed.Text.Length > 0)
        {
            await git.TryAsync(["update-ref", "--stdin"], cancellationToken, input: listed.Text + "\n").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Removes a finished run's refs from the remote (its items' bases and the workers' results):
    /// what they held is in this repository now. A remote out of reach is said, not fatal: the run is done.
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

    public void Dispose() => _remoteGate.Dispose();

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
        var failures = 0;
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        var notice = Unclaimed;
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
                failures = 0;
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

                        if (waiting.Elapsed >= notice)
                        {
                            if (await SaidUnclaimedAsync(run, item, waiting.Elapsed, cancellationToken).ConfigureAwait(false))
                            {
                                notice = waiting.Elapsed + (Unclaimed * 10);
                            }
                            else
                            {
                                // Claimed, or its agent paused: the wait for a worker starts again from now.
                                waiting.Restart();
                                notice = Unclaimed;
                            }
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
                var wait = FleetBackoff.After(++failures);
                log($"fleet database out of reach ({e.Message}); trying again in {wait.TotalSeconds:0.#} s");
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Says that an item has waited long for a worker, unless a usage window pauses its agent (the run
    /// says that itself): a fleet where no running worker takes the item's agent would otherwise wait in silence.
    /// </summary>
    private async Task<bool> SaidUnclaimedAsync(string run, string item, TimeSpan waited, CancellationToken cancellationToken)
    {
        if (await work.UnclaimedAsync(run, item, cancellationToken).ConfigureAwait(false) is not { PausedUntil: null } unclaimed)
        {
            return false;
        }

        var seconds = (long)waited.TotalSeconds;
        log(unclaimed.Workers == 0
            ? $"{item} has waited {seconds} s and no worker is running: start one (pace worker --fleet CONNECTION) on a host that has the project's agent"
            : $"{item} has waited {seconds} s and none of the {unclaimed.Workers} running worker(s) claimed it: each takes only the agents its --agents names, and only while it has a free slot ('pace fleet status' shows them)");
        return true;
    }

    /// <summary>
    /// One push or fetch at a time. One that fails (the remote out of reach for a moment, a fetch that
    /// met this repository's other git work half-way) is tried again after the pauses of
    /// <see cref="FleetBackoff"/>, five tries in all, then said (<see cref="FleetRemoteException"/>, exit 1).
    /// </summary>
    private async Task WithRemoteAsync(Func<Task> step, CancellationToken cancellationToken)
    {
        const int Tries = 5;
        for (var failures = 1; ; failures++)
        {
            await _remoteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await step().ConfigureAwait(false);
                return;
            }
            catch (GitException e) when (failures < Tries && !cancellationToken.IsCancellationRequested)
            {
                log($"the run's remote: {FirstLine(e.Message)}; trying again in {FleetBackoff.After(failures).TotalSeconds:0.#} s");
            }
            catch (GitException e)
            {
                throw new FleetRemoteException($"the run's remote {remote} could not be used after {Tries} tries: {e.Message}");
            }
            finally
            {
                _remoteGate.Release();
            }

            await Task.Delay(FleetBackoff.After(failures), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0];

    private async Task Retry(Func<Task> step, CancellationToken cancellationToken)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                await step().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (FleetDatabase.Unreachable(e) && !cancellationToken.IsCancellationRequested)
            {
                var wait = FleetBackoff.After(failures);
                log($"fleet database out of reach ({e.Message}); trying again in {wait.TotalSeconds:0.#} s");
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
