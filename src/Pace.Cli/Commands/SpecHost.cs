using Pace.Adapters.Agents;
using Pace.Adapters.Config;
using Pace.Adapters.Forges;
using Pace.Adapters.Forges.Local;
using Pace.Adapters.Git;
using Pace.Adapters.Specs;
using Pace.Adapters.Storage;
using Pace.Adapters.Verification;
using Pace.Core.Diagnostics;
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

    public sealed record Options(string Name, Mode Mode, bool Manual, bool Yes, bool Json, string? Agent, string? Reviewer, string? Forge = null);

    public static async Task<int> RunAsync(CliContext context, Options options, CancellationToken cancellationToken)
    {
        var project = await SpecProject.LocateAsync(context, options.Name, cancellationToken).ConfigureAwait(false);
        var layout = project.Layout;
        var store = new FileSpecRunStore(layout, context.Clock);
        if (options.Mode == Mode.Status)
        {
            var saved = store.Load() ?? NewState(project, SpecSettings.Default, context);
            return SpecOutput.Print(context, SpecStatusReport.Of(saved), options.Json);
        }

        var config = PaceConfigReader.Load(project.ProjectFolder);
        var settings = SpecSettings.Load(project.ProjectFolder);
        var agent = SpecProject.CreateAgent(config, options.Agent ?? settings.Agent ?? config.Agent);
        var reviewerName = options.Reviewer ?? settings.Reviewer;
        var forgeKind = ForgeKind.Choose(options.Forge, project.ProjectFolder);
        if (forgeKind == ForgeKind.GitHub && reviewerName != SpecSettings.Person)
        {
            throw new InputException($"with the GitHub forge, reviews come from pace.forge.github.reviewers on GitHub; the reviewer agent \"{reviewerName}\" cannot be used (pass --reviewer person, or set pace.spec.reviewer to \"person\")");
        }

        var reviewer = reviewerName == SpecSettings.Person ? null : SpecProject.CreateAgent(config, reviewerName);

        await Pace.Adapters.Loop.GitIdentity.RequireAsync(project.Root, "pace spec run", cancellationToken).ConfigureAwait(false);
        using var runLock = RunLock.Acquire(project.Root, $"pace spec run {project.Spec.Name}", context.Clock);
        // A spec run killed mid-session leaves its agents running in their own process groups: end them before any worktree is touched.
        foreach (var group in await LeftoverAgents.EndAllAsync(layout.DataFolder, cancellationToken).ConfigureAwait(false))
        {
            await context.Error.WriteLineAsync($"Ended the agent (process group {group}) a killed run left behind.").ConfigureAwait(false);
        }

        await GitExclude.AddAsync(project.Root, project.Spec.Format == Core.Specs.SpecFormat.Native ? [".pace/"] : [".pace/", layout.AgentOsRel + "/state/"], cancellationToken).ConfigureAwait(false);
        var state = store.Load() ?? NewState(project, settings, context);
        if (state.TotalWaves != project.Spec.Waves.Count && options.Mode != Mode.Recover)
        {
            throw new InputException($"{project.Spec.Path}: the spec now plans {project.Spec.Waves.Count} waves, the run in {layout.StatePath} has {state.TotalWaves}; run 'pace spec recover {project.Spec.Name}' to start over");
        }

        state = state with { Flags = Flags(state.Flags, settings) with { ManualMode = options.Manual } };
        var info = options.Json ? context.Error : context.Out;
        var repository = new GitCliRepository(project.Root);
        var checkpoint = SpecCrashPoints.Create();
        using var http = new HttpClient();
        Core.Ports.IForge forge = forgeKind == ForgeKind.GitHub
            ? await SpecProject.GitHubForgeAsync(project.Root, project.ProjectFolder, http, context.Clock, repository, line => info.WriteLine("  " + line), cancellationToken).ConfigureAwait(false)
            : new LocalForge(layout.PaceFolder, repository, context.Clock) { Checkpoint = checkpoint };
        using var effects = new WaveEffects(new WaveContext(
            layout, project.Spec, config, project.MaxParallel(settings), repository, forge,
            agent, reviewer, new CheckRunner(), context.Clock, null)
        {
            ForgeReviewsAllowlisted = forgeKind == ForgeKind.GitHub,
            Yes = options.Yes,
            Confirm = question => Ask(context, question),
            Checkpoint = checkpoint,
            Log = line => info.WriteLine("  " + line),
        });
        var executor = new SpecExecutor(store, effects, state)
        {
            Checkpoint = checkpoint,
            Observer = (evt, s) => Observe(info, evt, s),
        };

        if (options.Mode == Mode.Recover)
        {
            // What RecoverRequested does (history goes, flags stay), with the wave count the spec has now.
            var reset = SpecState.Create(project.Spec.Name, layout.SpecFileRel, project.Spec.Waves.Count, context.Clock.GetUtcNow(), state.Flags, state.TargetBranch) with { Unknown = state.Unknown };
            store.Save(reset);
            store.Journal("recover-requested", $"{project.Spec.Waves.Count} waves");
            executor = new SpecExecutor(store, effects, reset) { Checkpoint = executor.Checkpoint, Observer = executor.Observer };
        }

        SpecEvent first = options.Mode == Mode.Retry ? new RetryRequested(context.Clock.GetUtcNow()) : new RunRequested(context.Clock.GetUtcNow());
        var final = await executor.RunAsync(first, cancellationToken).ConfigureAwait(false);
        // Early tasks may still run (the run waits for a review, say): their results are kept unless the run failed.
        await effects.DrainAsync(cancel: final.Phase == SpecPhase.Failed).ConfigureAwait(false);
        return SpecOutput.Print(context, SpecStatusReport.Of(final), options.Json);
    }

    private static SpecState NewState(SpecProject project, SpecSettings settings, CliContext context) =>
        SpecState.Create(project.Spec.Name, project.Layout.SpecFileRel, project.Spec.Waves.Count, context.Clock.GetUtcNow(), Flags(new SpecFlags(), settings), project.Spec.BaseBranch ?? "main");

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
        var answer = Console.ReadLine()?.Trim().ToLowerInvariant();
        return answer is "y" or "yes";
    }
}
