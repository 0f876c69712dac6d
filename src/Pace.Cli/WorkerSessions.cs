using System.Text;
using Pace.Adapters.Config;
using Pace.Adapters.Fleet;
using Pace.Adapters.Git;
using Pace.Adapters.Loop;
using Pace.Adapters.Verification;
using Pace.Cli.Output;
using Pace.Core.Loop;
using Pace.Core.Ports;

namespace Pace.Cli;

/// <summary>
/// What a fleet worker does with one claimed session: a tree of the project at the session's base
/// from its cache, the feature loop's own session there (the agent, then Pace's verification, by the
/// project's pace.json at that commit), the outcome's commit pushed to the run's remote on the claim's
/// own result ref, and the report. The transcript stays on this host; the report says where, with its end.
/// </summary>
internal sealed class WorkerSessions(CliContext context, ProjectCache cache, FleetWork fleet, string worker)
{
    /// <summary>How much of the transcript's end the report carries.</summary>
    private const int TailBytes = 4096;

    public Task<string> RunAsync(WorkClaim claim, CancellationToken cancellationToken) => claim.Work.Kind switch
    {
        FeatureSessionItem.Kind => FeatureSessionAsync(claim, cancellationToken),
        SpecTaskItem.Kind => SpecTaskAsync(claim, cancellationToken),
        _ => Task.FromResult(FeatureSessionItem.Serialize(new FeatureSessionReport
        {
            Worker = worker, Error = $"this worker runs items of kind '{FeatureSessionItem.Kind}' and '{SpecTaskItem.Kind}', not '{claim.Work.Kind}'; is it an older version of Pace than the coordinator?",
        })),
    };

    /// <summary>A spec task's session: the spec run's own session, by the project's pace.json at the task's base.</summary>
    private async Task<string> SpecTaskAsync(WorkClaim claim, CancellationToken cancellationToken)
    {
        var payload = SpecTaskItem.Payload(claim.Work.Payload);
        var (run, item) = (claim.Work.Run, claim.Work.Item);
        context.Out.WriteLine($"worker {worker}: task {payload.ItemId} of spec run {run} ({item}), claim {claim.Fence}");
        var tree = await cache.CheckoutAsync(payload.Remote, payload.BaseRef, payload.BaseCommit, $"pace/fleet/{run}/{item}-{claim.Fence}", cancellationToken).ConfigureAwait(false);
        try
        {
            var projectFolder = payload.ProjectRel.Length == 0 ? tree.Path : Path.Combine(tree.Path, payload.ProjectRel);
            var config = PaceSettings.Load(projectFolder).Config;
            IAgent Agent(string name) => Commands.SpecProject.CreateAgent(config, name, projectFolder);
            var folder = Path.Combine(SessionsOf(cache.Folder, worker), run, $"{item}-{claim.Fence}");
            var report = await SpecTaskItem.RunAsync(
                payload, tree.Path, config, Agent(payload.Agent), config.Evaluator is { } judge ? Agent(judge) : null, folder, context.Clock, cancellationToken).ConfigureAwait(false);
            var resultRef = FleetItems.ResultRef(run, item, claim.Fence);
            if (report.Commit is { } commit)
            {
                await ProjectCache.PushAsync(tree, payload.Remote, commit, resultRef, cancellationToken).ConfigureAwait(false);
            }

            if (report.Limit is { } limit)
            {
                await PauseFleetWideAsync(payload.Agent, limit).ConfigureAwait(false);
            }

            var transcript = Path.Combine(folder, "transcript.jsonl");
            context.Out.WriteLine($"worker {worker}: task {payload.ItemId} of spec run {run}: {(report.Limit is { } l ? "usage limit, " + l.Reason : report.Passed ? "passed" : "failed")}");
            return SpecTaskItem.Serialize(report with
            {
                Worker = worker,
                ResultRef = report.Commit is not null ? resultRef : null,
                TranscriptPath = transcript,
                TranscriptTail = Tail(transcript),
            });
        }
        finally
        {
            await ProjectCache.RemoveAsync(tree, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A feature session: the feature loop's own session, by the project's pace.json at the session's base.</summary>
    private async Task<string> FeatureSessionAsync(WorkClaim claim, CancellationToken cancellationToken)
    {
        var payload = FeatureSessionItem.Payload(claim.Work.Payload);
        // The run as the fleet names it (its item's run): refs and folders on this host use that name.
        var run = claim.Work.Run;
        var number = payload.Session.Number;
        context.Out.WriteLine($"worker {worker}: session {number} of run {run} ({payload.Session.FeatureId}), claim {claim.Fence}");
        var tree = await cache.CheckoutAsync(payload.Remote, payload.BaseRef, payload.Session.BaseCommit, $"pace/fleet/{run}/{number}-{claim.Fence}", cancellationToken).ConfigureAwait(false);
        try
        {
            var projectFolder = Path.GetDirectoryName(Path.Combine(tree.Path, payload.FeatureList))!;
            var config = PaceSettings.Load(projectFolder).Config;
            var agent = LoopHost.CreateAgent(config, payload.Run.Options.Agent, projectFolder);
            var evaluator = config.Evaluator is { } judge ? LoopHost.CreateAgent(config, judge, projectFolder) : null;
            // The session's evidence and transcript stay in the cache, one folder per claim.
            var store = new FileRunStore(Path.Combine(SessionsOf(cache.Folder, worker), run, $"{number}-{claim.Fence}"), context.Clock);
            var loop = new FeatureLoop(new LoopContext(
                ProjectLayout.ForFeatureList(payload.FeatureList), config, new GitCliWorkspace(tree.Path), agent, new CheckRunner(), store,
                new LocalProjectFiles(tree.Path), new PlainLoopObserver(context.Out, context.Clock), context.Clock)
            {
                Secrets = () => Adapters.Security.Secrets.Current,
                Proofs = new GitProofTree(new CheckRunner()),
                Evaluator = evaluator,
                AgentNamed = LoopHost.FallbackAgentsOf(config, projectFolder),
            });
            // The cache's repository is shared by every run of this remote: refs an earlier claim left under
            // this session's names (its attempt, its interrupted work) must not pass for this claim's.
            var cached = new GitCliRepository(tree.Repository);
            foreach (var kind in new[] { Core.Git.RefNames.Attempts, Core.Git.RefNames.Interrupted })
            {
                await cached.DeleteRefAsync(Core.Git.RefNames.Session(kind, payload.Session.FeatureId, number), cancellationToken).ConfigureAwait(false);
            }

            var outcome = await loop.RunFleetSessionAsync(payload.Run, payload.Session with { Branch = tree.Branch }, payload.PreviousAttempt, cancellationToken).ConfigureAwait(false);

            // The outcome's commit: the passed work, or the failed attempt's snapshot (none when the agent changed nothing).
            var commit = outcome.Commit ?? (outcome.AttemptRef is { } attempt ? await new GitCliRepository(tree.Repository).ResolveAsync(attempt, cancellationToken).ConfigureAwait(false) : null);
            var resultRef = FleetItems.ResultRef(run, claim.Work.Item, claim.Fence);
            if (commit is not null && outcome.Limit is null)
            {
                await ProjectCache.PushAsync(tree, payload.Remote, commit, resultRef, cancellationToken).ConfigureAwait(false);
            }

            if (outcome.Limit is { } limit)
            {
                await PauseFleetWideAsync(payload.Session.AgentName ?? payload.Run.Options.Agent, limit).ConfigureAwait(false);
            }

            var transcript = outcome.Session.Agent?.TranscriptPath;
            context.Out.WriteLine($"worker {worker}: session {number} of run {run}: {(outcome.Limit is { } l ? "usage limit, " + l.Reason : outcome.Session.Passed == true ? "passed" : "failed")}");
            return FeatureSessionItem.Serialize(new FeatureSessionReport
            {
                Worker = worker,
                Session = outcome.Session,
                Evidence = outcome.Evidence,
                Commit = outcome.Limit is null ? commit : null,
                ResultRef = commit is not null && outcome.Limit is null ? resultRef : null,
                CostUsd = outcome.CostUsd,
                Limit = outcome.Limit,
                TranscriptPath = transcript,
                TranscriptTail = transcript is not null ? Tail(transcript) : null,
            });
        }
        finally
        {
            await ProjectCache.RemoveAsync(tree, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Fleet-wide: no worker claims <paramref name="agentName"/>'s items until the window ends (docs/fleet.md).</summary>
    private async Task PauseFleetWideAsync(string agentName, Core.Agents.UsageLimit limit)
    {
        var until = limit.ResetsAt ?? context.Clock.GetUtcNow().AddMinutes(5);
        await fleet.PauseAgentAsync(agentName, until, limit.Reason, worker, CancellationToken.None).ConfigureAwait(false);
        context.Out.WriteLine($"worker {worker}: {agentName} paused for the fleet until {until:O} ({limit.Reason})");
    }

    /// <summary>The folder of the sessions worker <paramref name="worker"/> ran from the cache in <paramref name="cacheFolder"/>: their transcripts, checks and evidence.</summary>
    public static string SessionsOf(string cacheFolder, string worker) => Path.Combine(cacheFolder, "sessions", worker);

    /// <summary>What a report says its session cost (a report that does not read costs nothing here; its error is the coordinator's to see).</summary>
    public static decimal CostOf(string report)
    {
        try
        {
            // Both kinds of report say it under the same name.
            return FeatureSessionItem.Report(report).CostUsd;
        }
        catch (System.Text.Json.JsonException)
        {
            return 0;
        }
    }

    /// <summary>The end of the transcript, whole lines only (the report is redacted on its way to the database).</summary>
    private static string? Tail(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var file = File.OpenRead(path);
        var start = Math.Max(0, file.Length - TailBytes);
        file.Seek(start, SeekOrigin.Begin);
        var buffer = new byte[file.Length - start];
        file.ReadExactly(buffer);
        var text = Encoding.UTF8.GetString(buffer);
        return start > 0 && text.IndexOf('\n') is var cut and >= 0 ? text[(cut + 1)..] : text;
    }
}
