using System.Text.Json;
using Pace.Adapters.Agents;
using Pace.Adapters.Config;
using Pace.Adapters.Demo;
using Pace.Adapters.Doctor;
using Pace.Adapters.Fleet;
using Pace.Adapters.Git;
using Pace.Adapters.Loop;
using Pace.Adapters.Notifications;
using Pace.Adapters.Processes;
using Pace.Adapters.Storage;
using Pace.Adapters.Verification;
using Pace.Cli.Commands;
using Pace.Cli.Output;
using Pace.Core.Config;
using Pace.Core.Diagnostics;
using Pace.Core.Loop;
using Pace.Core.Ports;

namespace Pace.Cli;

/// <summary>Composes the feature loop from its adapters for `pace run` and `pace demo`.</summary>
internal static class LoopHost
{
    /// <summary>Tests name a journal step (optionally "step:session") at which the process kills itself.</summary>
    public const string CrashVariable = "PACE_CRASH_AT";

    public const string CheckpointLogVariable = "PACE_CHECKPOINT_LOG";

    private static readonly Lock CheckpointLog = new();

    public static async Task<int> RunAsync(CliContext context, RunCommand.Options options, Func<PaceConfig, IAgent>? agentOverride, CancellationToken cancellationToken)
    {
        var listPath = FeatureListFiles.Resolve(options.File, context.WorkingFolder);
        FeatureListFiles.Load(listPath);
        var projectFolder = Path.GetDirectoryName(listPath)!;
        var config = PaceSettings.Load(projectFolder).Config;
        var runOptions = new RunOptions(
            options.Agent ?? config.Agent,
            options.UntilComplete ? null : options.MaxSessions ?? config.MaxSessions,
            options.MaxFailures ?? config.MaxFailures,
            options.BudgetUsd ?? config.RunBudgetUsd)
        {
            SessionDelay = config.SessionDelay,
            MaxAttemptsPerFeature = config.MaxAttemptsPerFeature,
            RetryStuck = options.RetryStuck,
            // --agent names the one agent of this run; pace.json's list applies without it.
            Fallbacks = options.Agent is null ? config.FallbackAgents : [],
            // A fleet's sessions wait for workers rather than for this host's cores: more may be out at once.
            Parallel = options.Parallel ?? (options.Fleet is not null && config.Parallel <= 1 ? FleetHost.DefaultParallel : config.Parallel),
        };
        if ((runOptions.Parallel > 1 || options.Fleet is not null) && !options.Worktree)
        {
            // Several lanes integrate onto a run branch of their own: a parallel run always works beside the checkout.
            options = options with { Worktree = true };
        }

        var agent = agentOverride?.Invoke(config) ?? CreateAgent(config, runOptions.Agent, projectFolder);
        var evaluator = config.Evaluator is { } judge ? CreateAgent(config, judge, projectFolder) : null;

        if (options.NoFastForward && !options.Worktree)
        {
            throw new InputException("--no-fast-forward applies to a run with --worktree only");
        }

        if (options.DryRun)
        {
            return DryRun.Print(context, listPath, config, runOptions, agent.Name, options.Json);
        }

        var root = await GitRootAsync(projectFolder, cancellationToken).ConfigureAwait(false);
        await GitIdentity.RequireAsync(root, "pace run", cancellationToken).ConfigureAwait(false);
        var layout = ProjectLayout.ForFeatureList(Path.GetRelativePath(root, listPath).Replace('\\', '/'));

        // The fleet's remote and database are checked before anything here changes.
        await using var fleet = options.Fleet is { } connection ? await FleetHost.OpenAsync(context, connection, options.Remote, root, cancellationToken).ConfigureAwait(false) : null;
        var paceFolder = Path.Combine(root, layout.PaceFolder);
        using var runLock = RunLock.Acquire(root, "pace run", context.Clock);
        await GitExclude.AddAsync(root, [layout.PaceFolder + "/", layout.FeatureList + ".bak"], cancellationToken).ConfigureAwait(false);
        var store = new FileRunStore(paceFolder, context.Clock);
        if (runLock.TakenOverFrom is { } stale)
        {
            context.Error.WriteLine($"pace: took over the lock left by a Pace that is gone: {stale}");
        }

        if (store.RepairJournal() is { } torn)
        {
            context.Error.WriteLine($"pace: {torn} (cut off; a crash tore it)");
        }

        // A Pace killed mid-session leaves its agent running (it has a process group of its own): end it before touching the tree.
        foreach (var group in await LeftoverAgents.EndAllAsync(Path.Combine(paceFolder, "sessions"), cancellationToken).ConfigureAwait(false))
        {
            store.Journal("leftover-agent-ended", null, $"process group {group}");
            await context.Error.WriteLineAsync($"Ended the agent (process group {group}) a killed run left behind.").ConfigureAwait(false);
        }

        // A fleet run is held by one coordinator at a time: taken over from another (its state and branch
        // come from the database and the remote), or this repository's own started again (refused once another took it).
        var hold = fleet is not null && options.TakeOver is { } takeOver ? await FleetTakeOver.RunAsync(context, fleet, store, root, layout, takeOver, cancellationToken).ConfigureAwait(false) : null;
        var takenOver = hold is not null;
        var previous = store.Load();
        if (fleet is not null && hold is null && previous is { Finished: false, Options.Fleet: true, FleetRun: { } held })
        {
            hold = await FleetHost.HoldAsync(fleet, held, root, layout.FeatureList, cancellationToken).ConfigureAwait(false);
        }

        // Declared after the fleet, so written out (bounded) before its database closes.
        await using var record = fleet is null ? null : new FleetRunStore(store, fleet.Record, fleet.Items, root, layout.FeatureList, hold, line => context.Error.WriteLine("pace: " + line));
        if (record is not null)
        {
            fleet!.Items.Fence = record.FlushAsync;
            if (takenOver)
            {
                // Through the record: a later takeover's journal holds this one too.
                record.Journal("fleet-run-taken-over", null, $"{hold!.Run}, epoch {hold.Epoch}");
            }
        }

        var worktrees = new RunWorktrees(root);
        var tree = root;
        if (previous is not { Finished: false })
        {
            runOptions = runOptions with { Fleet = options.Fleet is not null };
            (tree, runOptions) = await LoopPlace.StartAsync(context, options, previous, worktrees, layout, runOptions, cancellationToken).ConfigureAwait(false);
            await LoopPlace.RequireCleanTreeAsync(new GitCliWorkspace(tree), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            if (previous.Options.Worktree is { } place)
            {
                await worktrees.ReopenAsync(place, cancellationToken).ConfigureAwait(false);
                tree = worktrees.Tree;
            }
            else if (options.Worktree && options.Parallel is not > 1)
            {
                await context.Error.WriteLineAsync("pace: the interrupted run works in your checkout and finishes there; --worktree applies from the next run").ConfigureAwait(false);
            }

            if (previous.Current is not null)
            {
                await LoopPlace.RequireResumableAsync(root, layout, context.Clock, cancellationToken).ConfigureAwait(false);
            }

            if (options.Fleet is not null && previous.Options.Worktree is null)
            {
                throw new InputException("--fleet: the interrupted run works in your checkout, one feature at a time; finish it without --fleet first (pace run)");
            }

            // Sessions out on a fleet's workers must not also run here, nor a lane's unverified work here be given away.
            var lanesOut = string.Join(", ", previous.Lanes.Select(l => $"session {l.Number} ({l.FeatureId})"));
            if (previous.Options.Fleet && options.Fleet is null && previous.Lanes.Count > 0)
            {
                throw new InputException($"the interrupted run gave its sessions to a fleet's workers, and these are still theirs: {lanesOut}; run it again with --fleet CONNECTION to collect them");
            }

            if (!previous.Options.Fleet && options.Fleet is not null && previous.Lanes.Count > 0)
            {
                throw new InputException($"--fleet: the interrupted run's lanes run here ({lanesOut}); finish it without --fleet first (pace run)");
            }

            if (options.Parallel is > 1 && previous.Options.Worktree is null)
            {
                await context.Error.WriteLineAsync("pace: the interrupted run works in your checkout, one feature at a time, and finishes so; --parallel applies from the next run").ConfigureAwait(false);
                options = options with { Parallel = null };
            }

            var resumed = ResumedOptions.Merge(previous, options, runOptions);
            await (options.Json ? context.Error : context.Out).WriteLineAsync(ResumedOptions.Describe(previous.Options, resumed.Options, resumed.Given)).ConfigureAwait(false);
            if (resumed.Options.Agent != runOptions.Agent && agentOverride is null)
            {
                agent = CreateAgent(config, resumed.Options.Agent, projectFolder);
            }

            runOptions = resumed.Options with { RetryStuck = options.RetryStuck, Fleet = options.Fleet is not null };
        }

        var workspace = new GitCliWorkspace(tree);
        ILoopObserver observer = options.Json
            ? new PlainLoopObserver(context.Error, context.Clock)
            : context.IsTerminal ? new TerminalLoopObserver(context.Out, context.Clock) : new PlainLoopObserver(context.Out, context.Clock);
        using var lanes = runOptions.Worktree is { } lanePlace ? new RunLanes(root, worktrees.Tree, lanePlace.Branch) : null;
        // Notices go off the loop's path; leaving this scope waits (bounded) for the last ones (docs/notifications.md).
        await using var notifier = Notifier.Start(config.Notify, root, line => context.Error.WriteLine("pace: " + line));
        var notifying = notifier is null ? observer : new NotifyingLoopObserver(observer, notifier, context.Clock);
        var loop = new FeatureLoop(new LoopContext(layout, config, workspace, agent, new CheckRunner(), (IRunStore?)record ?? store, new LocalProjectFiles(tree), notifying, context.Clock)
        {
            Checkpoint = CrashHook(),
            Secrets = () => Pace.Adapters.Security.Secrets.Current,
            Proofs = new GitProofTree(new CheckRunner()),
            Evaluator = evaluator,
            AgentNamed = FallbackAgentsOf(config, projectFolder),
            Lanes = lanes,
            Fleet = fleet?.Sessions,
        });

        var summary = observer is TerminalLoopObserver live
            ? await live.RunLiveAsync(() => loop.RunAsync(runOptions, cancellationToken)).ConfigureAwait(false)
            : await loop.RunAsync(runOptions, cancellationToken).ConfigureAwait(false);
        if (fleet is not null && store.Load() is { Finished: true, FleetRun: { } fleetRun })
        {
            // The record first (it pushes the run branch it names), then the run's refs leave the remote.
            if (await record!.TryFlushAsync(cancellationToken).ConfigureAwait(false))
            {
                await fleet.Items.ForgetRunAsync(fleetRun, cancellationToken).ConfigureAwait(false);
            }
        }

        if (options.Json)
        {
            RunJson.Write(context.Out, summary, store);
        }

        if (runOptions.Worktree is { } worked && await worktrees.FinishAsync(worked, cancellationToken).ConfigureAwait(false) is { } whereTheWorkIs)
        {
            await (options.Json ? context.Error : context.Out).WriteLineAsync(whereTheWorkIs).ConfigureAwait(false);
        }

        return summary.Reason switch
        {
            StopReason.AllPassing or StopReason.MaxSessions => ExitCodes.Ok,
            StopReason.PauseLimit => ExitCodes.UsageLimit,
            _ => ExitCodes.Failed,
        };
    }

    /// <summary>The fallback agents, each made once, when the run first gives it a session.</summary>
    internal static Func<string, IAgent> FallbackAgentsOf(PaceConfig config, string projectFolder)
    {
        var made = new Dictionary<string, IAgent>(StringComparer.Ordinal);
        return name =>
        {
            if (!made.TryGetValue(name, out var agent))
            {
                made[name] = agent = CreateAgent(config, name, projectFolder);
            }

            return agent;
        };
    }

    internal static IAgent CreateAgent(PaceConfig config, string name, string projectFolder) =>
        name == "demo" ? new DemoAgent(TimeSpan.Zero) : AgentFactory.Create(config.ResolveAgent(name), projectFolder);

    internal static Task<string> GitRootAsync(string folder, CancellationToken cancellationToken) =>
        GitExclude.RootAsync(folder, "Pace commits each verified feature", cancellationToken);

    /// <summary>
    /// PACE_CRASH_AT names the checkpoint at which the process kills itself: "step", "step:session",
    /// or "#N" for the Nth checkpoint this process reaches. PACE_CHECKPOINT_LOG names a file to which
    /// every checkpoint reached is appended as a line "step" or "step:session": the crash tests learn
    /// the points of a run from it instead of listing them by hand.
    /// </summary>
    private static Action<string, int?> CrashHook()
    {
        var target = Environment.GetEnvironmentVariable(CrashVariable);
        var log = Environment.GetEnvironmentVariable(CheckpointLogVariable);
        if (string.IsNullOrEmpty(target) && string.IsNullOrEmpty(log))
        {
            return (_, _) => { };
        }

        var reached = 0;
        return (step, session) =>
        {
            // A parallel run's lanes reach their checkpoints from several threads.
            var count = Interlocked.Increment(ref reached);
            var name = session is { } n ? $"{step}:{n}" : step;
            if (!string.IsNullOrEmpty(log))
            {
                lock (CheckpointLog)
                {
                    File.AppendAllText(log, name + "\n");
                }
            }

            if (target == step || target == name || target == $"#{count}")
            {
                // The abrupt end the crash tests need: no finally blocks, no flushing, like kill -9.
                System.Diagnostics.Process.GetCurrentProcess().Kill();
            }
        };
    }
}
