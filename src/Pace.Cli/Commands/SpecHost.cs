using Pace.Adapters.Agents;
using Pace.Adapters.Config;
using Pace.Adapters.Fleet;
using Pace.Adapters.Forges;
using Pace.Adapters.Forges.Local;
using Pace.Adapters.Git;
using Pace.Adapters.Notifications;
using Pace.Adapters.Specs;
using Pace.Adapters.Storage;
using Pace.Adapters.Verification;
using Pace.Core.Diagnostics;
using Pace.Core.Notifications;
using Pace.Core.Waves;

namespace Pace.Cli.Commands;

/// <summary>Composes a spec run from its adapters: `pace spec run|retry|recover|status`. Every invocation resumes from the state file.</summary>
internal static class SpecHost
{
    public enum Mode
    {
        Run,
        Status,
        Retry,
        Recover,
    }

    public sealed record Options(string Name, Mode Mode, bool Manual, bool Yes, bool Json, string? Agent, string? Reviewer, string? Forge = null)
    {
        /// <summary>`--fleet CONNECTION`: the task sessions go to the fleet's workers (docs/fleet.md) instead of running here.</summary>
        public string? Fleet { get; init; }

        /// <summary>`--remote NAME|URL`: the git remote the fleet's workers fetch from and push to (default: origin).</summary>
        public string? Remote { get; init; }

        /// <summary>`--take-over RUN`: with --fleet, go on with the spec's fleet run whose coordinator (on another host, or in another clone) is gone.</summary>
        public string? TakeOver { get; init; }
    }

    public static async Task<int> RunAsync(CliContext context, Options options, CancellationToken cancellationToken)
    {
        var project = await SpecProject.LocateAsync(context, options.Name, cancellationToken).ConfigureAwait(false);
        var layout = project.Layout;
        var store = new FileSpecRunStore(layout, context.Clock);
        if (options.Mode == Mode.Status)
        {
            // Not started: the report needs no target branch, so none is chosen (that happens when the run starts).
            var saved = Load(store, project) ?? SpecState.Create(project.Spec.Name, layout.SpecFileRel, project.Spec.Waves.Count, context.Clock.GetUtcNow());
            var exit = SpecOutput.Print(context, SpecStatusReport.Of(saved), options.Json);
            SpecOutput.LeftOut(options.Json ? context.Error : context.Out, project.Spec);
            return exit;
        }

        var all = PaceSettings.Load(project.ProjectFolder);
        var (config, settings) = (all.Config, all.Spec);
        var agentName = options.Agent ?? settings.Agent ?? config.Agent;
        var agent = project.CreateAgent(config, agentName);
        var reviewerName = options.Reviewer ?? settings.Reviewer;
        var forgeKind = ForgeKind.Choose(options.Forge, all);
        if (forgeKind == ForgeKind.GitHub && reviewerName != SpecSettings.Person)
        {
            throw new InputException($"with the GitHub forge, reviews come from pace.forge.github.reviewers on GitHub; the reviewer agent \"{reviewerName}\" cannot be used (pass --reviewer person, or set pace.spec.reviewer to \"person\")");
        }

        var reviewer = reviewerName == SpecSettings.Person ? null : project.CreateAgent(config, reviewerName);
        var evaluator = config.Evaluator is { } judge ? project.CreateAgent(config, judge) : null;

        await Pace.Adapters.Loop.GitIdentity.RequireAsync(project.Root, "pace spec run", cancellationToken).ConfigureAwait(false);
        using var runLock = RunLock.Acquire(project.Root, $"pace spec run {project.Spec.Name}", context.Clock);
        // A spec run killed mid-session leaves its agents running in their own process groups: end them before any worktree is touched.
        foreach (var group in await LeftoverAgents.EndAllAsync(layout.DataFolder, cancellationToken).ConfigureAwait(false))
        {
            await context.Error.WriteLineAsync($"Ended the agent (process group {group}) a killed run left behind.").ConfigureAwait(false);
        }

        await GitExclude.AddAsync(project.Root, project.Spec.Format == Core.Specs.SpecFormat.Native ? [".pace/"] : [".pace/", layout.AgentOsRel + "/state/"], cancellationToken).ConfigureAwait(false);
        var info = options.Json ? context.Error : context.Out;
        // Declared before the effects and the record, so disposed after them: early tasks on the fleet end, and the record is written, before its database closes.
        await using var fleet = options.Fleet is { } connection ? await FleetHost.OpenAsync(context, connection, options.Remote, project.Root, cancellationToken).ConfigureAwait(false) : null;
        // A spec's fleet run is held by one coordinator at a time: taken over from another (its state, files
        // and refs come from the database and the remote), or this repository's own, started or started again.
        var takenOver = fleet is not null && options.TakeOver is not null;
        var hold = fleet is null ? null
            : options.TakeOver is { } run ? await FleetSpecTakeOver.RunAsync(context, fleet, store, layout, project.Spec.Waves.Count, run, cancellationToken).ConfigureAwait(false)
            : await FleetHost.HoldAsync(fleet, FleetTaskSessions.RunName(layout.DataFolder, project.Spec.Name), project.Root, FleetSpecRunStore.SubjectOf(layout), cancellationToken).ConfigureAwait(false);
        await using var record = fleet is null ? null : new FleetSpecRunStore(store, layout, fleet.Record, fleet.Items, hold!.Run, hold, line => context.Error.WriteLine("pace: " + line));
        if (record is not null)
        {
            fleet!.Items.Fence = record.FlushAsync;
            if (takenOver)
            {
                // Through the record: a later takeover's journal holds this one too.
                record.Journal("fleet-run-taken-over", $"{hold!.Run}, epoch {hold.Epoch}");
            }
        }

        var previous = options.Mode == Mode.Recover ? LoadOrSetAside(store, info) : Load(store, project);
        if (fleet is null && FleetTaskSessions.SavedRunName(layout.DataFolder) is { } fleetRun)
        {
            if (options.Mode == Mode.Recover)
            {
                // Started over here: the next run is not the fleet's.
                FleetTaskSessions.ForgetRunName(layout.DataFolder);
            }
            else if (previous is { Phase: not SpecPhase.Completed })
            {
                // Its items may be out on the fleet, and its record there: going on here would run those tasks twice, and leave the record behind.
                throw new InputException($"the interrupted run of spec {project.Spec.Name} gave its task sessions to a fleet's workers (fleet run {fleetRun}); run it again with --fleet CONNECTION to go on, or 'pace spec recover {project.Spec.Name}' to start it over here");
            }
        }

        var state = previous ?? await NewStateAsync(project, settings, context, info, cancellationToken).ConfigureAwait(false);
        if (state.TotalWaves != project.Spec.Waves.Count && options.Mode != Mode.Recover)
        {
            throw new InputException($"{project.Spec.Path}: the spec now plans {project.Spec.Waves.Count} waves, the run in {layout.StatePath} has {state.TotalWaves}; run 'pace spec recover {project.Spec.Name}' to start over");
        }

        // This command's settings reach the state as any change does, through the machine (persisted with the run's first step).
        state = SpecMachine.Decide(state, new SettingsApplied(context.Clock.GetUtcNow(), Flags(state.Flags, settings) with { ManualMode = options.Manual })).Next;
        var repository = new GitCliRepository(project.Root);
        var checkpoint = SpecCrashPoints.Create();
        using var http = new HttpClient();
        Core.Ports.IForge forge = forgeKind == ForgeKind.GitHub
            ? await SpecProject.GitHubForgeAsync(project.Root, all.GitHub, http, context.Clock, repository, line => info.WriteLine("  " + line), cancellationToken).ConfigureAwait(false)
            : new LocalForge(layout.PaceFolder, repository, context.Clock) { Checkpoint = checkpoint };
        (forge as LocalForge)?.Validate();
        var fleetTasks = fleet is null ? null : new FleetTaskSessions(fleet.Items, hold!.Run, agentName);
        // Disposed asynchronously: early tasks still running (the run failed with an exception, say) end before the semaphores they use.
        await using var effects = new WaveEffects(new WaveContext(
            layout, project.Spec, config, fleet is not null && settings.MaxParallel is null ? FleetHost.DefaultParallel : project.MaxParallel(settings), repository, forge,
            agent, reviewer, new CheckRunner(), context.Clock, null)
        {
            ForgeReviewsAllowlisted = forgeKind == ForgeKind.GitHub,
            Evaluator = evaluator,
            Yes = options.Yes,
            Confirm = question => Ask(context, question),
            Checkpoint = checkpoint,
            Log = line => info.WriteLine("  " + line),
            Fleet = fleetTasks,
        });
        // Declared after the effects, so disposed before them: the last notices wait (bounded) only after the run's own work.
        await using var notifier = Notifier.Start(config.Notify, project.Root, line => context.Error.WriteLine("pace: " + line));
        var executor = new SpecExecutor((Core.Ports.ISpecRunStore?)record ?? store, effects, state)
        {
            Checkpoint = checkpoint,
            BeforeEffect = record is null ? null : record.FlushAsync,
            Observer = (evt, s) =>
            {
                Observe(info, evt, s);
                if (notifier is not null && SpecNotices.Of(evt, s, personReviews: reviewer is null) is { } notice)
                {
                    notifier.Send(notice);
                }
            },
        };

        if (options.Mode == Mode.Recover)
        {
            // Back to INIT (history goes, flags stay) with the wave count the spec has now, then the run starts.
            await executor.RunAsync(new RecoverRequested(context.Clock.GetUtcNow(), project.Spec.Waves.Count), cancellationToken).ConfigureAwait(false);
        }

        SpecEvent first = options.Mode == Mode.Retry ? new RetryRequested(context.Clock.GetUtcNow()) : new RunRequested(context.Clock.GetUtcNow());
        var final = await executor.RunAsync(first, cancellationToken).ConfigureAwait(false);
        // Early tasks may still run (the run waits for a review, say): their results are kept unless the run failed.
        await effects.DrainAsync(cancel: final.Phase == SpecPhase.Failed).ConfigureAwait(false);
        notifier?.Send(SpecNotices.Finished(final, context.Clock.GetUtcNow()));
        if (fleetTasks is not null && final.Phase == SpecPhase.Completed)
        {
            // Every task's work is in this repository now: the run's record is written, and its bases, results and refs leave the remote.
            // (Unless the record could not be written: then it still needs them, and says the run is not over.)
            if (await record!.TryFlushAsync(cancellationToken).ConfigureAwait(false))
            {
                await fleet!.Items.ForgetRunAsync(fleetTasks.Run, cancellationToken).ConfigureAwait(false);
                // The next run of the spec on a fleet is a run of its own, and one here is not refused.
                FleetTaskSessions.ForgetRunName(layout.DataFolder);
            }
        }

        return SpecOutput.Print(context, SpecStatusReport.Of(final), options.Json);
    }

    /// <summary>The saved state; an unreadable one is refused (exit 2) with the way out.</summary>
    private static SpecState? Load(FileSpecRunStore store, SpecProject project)
    {
        try
        {
            return store.Load();
        }
        catch (InputException e)
        {
            throw new InputException($"{e.Message}\n'pace spec recover {project.Spec.Name}' starts the spec over from wave 1 and keeps a copy of this file; 'pace doctor --fix' moves it aside", [.. e.Diagnostics]);
        }
    }

    /// <summary>
    /// For recover: the saved state, or null when there is none or it cannot be read (cut short by a
    /// crash, edited by hand). As the seed's --recover, an unreadable state is dropped and the run
    /// starts over; unlike it, Pace keeps the file, beside the state, and says where.
    /// </summary>
    private static SpecState? LoadOrSetAside(FileSpecRunStore store, TextWriter info)
    {
        try
        {
            return store.Load();
        }
        catch (InputException e)
        {
            var aside = store.SetAside();
            store.Journal("state-set-aside", aside);
            info.WriteLine($"The spec state could not be read: {(e.Diagnostics.Count > 0 ? e.Diagnostics[0].ToString() : e.Message)}");
            info.WriteLine($"  kept it as {aside} and started the spec over from wave 1.");
            return null;
        }
    }

    private static async Task<SpecState> NewStateAsync(SpecProject project, SpecSettings settings, CliContext context, TextWriter info, CancellationToken cancellationToken)
    {
        var target = await SpecTargetBranch.ChooseAsync(project.Root, project.Spec.BaseBranch, settings.TargetBranch, cancellationToken).ConfigureAwait(false);
        info.WriteLine($"target branch: {target.Branch} ({target.Reason})");
        return SpecState.Create(project.Spec.Name, project.Layout.SpecFileRel, project.Spec.Waves.Count, context.Clock.GetUtcNow(), Flags(new SpecFlags(), settings), target.Branch);
    }

    private static SpecFlags Flags(SpecFlags flags, SpecSettings settings) => flags with
    {
        PollIntervalMs = settings.PollIntervalMs ?? flags.PollIntervalMs,
        MaxPollDurationMs = settings.MaxPollDurationMs ?? flags.MaxPollDurationMs,
        MaxReviewCycles = settings.MaxReviewCycles ?? flags.MaxReviewCycles,
        EarlyStart = settings.EarlyStart ?? flags.EarlyStart,
    };

    private static void Observe(TextWriter info, SpecEvent evt, SpecState state)
    {
        var line = evt switch
        {
            WaveStarted w => $"wave {w.Wave} of {state.TotalWaves}: {w.TaskIds.Count} task(s) {string.Join(", ", w.TaskIds)} on {state.WaveBranch}",
            TaskBranchesMerged => $"wave {state.CurrentWave}: every task merged into {state.WaveBranch}",
            ReviewReceived r => $"wave {state.CurrentWave}: review {state.ReviewStatus.ReviewCycles} of PR #{state.PrNumber}: {r.Verdict}",
            ReviewFixesVerified => $"wave {state.CurrentWave}: review fixes verified; PR #{state.PrNumber} goes back to review",
            BranchCleaned or BranchCleanupFailed => $"wave {state.History[^1].Wave}: cleaned up",
            _ => null,
        };
        if (line is not null)
        {
            info.WriteLine(line);
        }
    }

    private static bool? Ask(CliContext context, string question)
    {
        if (!context.IsTerminal || Console.IsInputRedirected)
        {
            return null;
        }

        context.Out.Write(question + " [y/N] ");
        context.Out.Flush();
        var answer = Console.ReadLine()?.Trim().ToLowerInvariant();
        return answer is "y" or "yes";
    }
}
