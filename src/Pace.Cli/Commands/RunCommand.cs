using System.CommandLine;
using System.Globalization;

namespace Pace.Cli.Commands;

internal static class RunCommand
{
    public sealed record Options(string? File, int? MaxSessions, bool UntilComplete, int? MaxFailures, bool DryRun, string? Agent, decimal? BudgetUsd, bool Json)
    {
        public bool RetryStuck { get; init; }

        /// <summary>`--worktree`: the run works on branch pace/run in a worktree of its own (docs/feature-loop.md).</summary>
        public bool Worktree { get; init; }

        /// <summary>`--parallel N`: up to N features at once, each in a lane of its own (implies --worktree).</summary>
        public int? Parallel { get; init; }

        /// <summary>`--no-fast-forward`: with --worktree, the person's branch is never moved; the work stays on pace/run.</summary>
        public bool NoFastForward { get; init; }

        /// <summary>`--fleet CONNECTION`: the sessions go to the fleet's workers (docs/fleet.md) instead of running here.</summary>
        public string? Fleet { get; init; }

        /// <summary>`--remote NAME|URL`: the git remote the fleet's workers fetch from and push to (default: origin).</summary>
        public string? Remote { get; init; }

        /// <summary>`--take-over RUN`: with --fleet, go on with a fleet run whose coordinator (on another host, or in another clone) is gone.</summary>
        public string? TakeOver { get; init; }
    }

    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File();
        var json = CommonOptions.Json();
        var maxSessions = new Option<int?>("--max-sessions") { Description = "Stop after this many sessions (default: pace.json maxSessions, 10)", HelpName = "n" };
        var untilComplete = new Option<bool>("--until-complete") { Description = "Run until every feature passes (no session limit)" };
        var maxFailures = new Option<int?>("--max-failures") { Description = "Stop after this many failed sessions in a row across features (default 3)", HelpName = "n" };
        var retryStuck = new Option<bool>("--retry-stuck") { Description = "Try again the features set aside as stuck by earlier sessions" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would run, and change nothing" };
        var agent = new Option<string?>("--agent") { Description = "The agent to use: claude, codex, gemini, or one named in pace.json", HelpName = "name" };
        var budget = new Option<string?>("--budget") { Description = "Stop starting sessions once the run has cost this many US dollars", HelpName = "usd" };
        var worktree = new Option<bool>("--worktree") { Description = "Work on branch pace/run in a worktree of its own (.pace/run-tree), leaving your checkout alone; your branch takes the work by a fast-forward at the end" };
        var noFastForward = new Option<bool>("--no-fast-forward") { Description = "With --worktree: leave your branch where it is; the work stays on branch pace/run" };
        var parallel = new Option<int?>("--parallel") { Description = "Work on up to n features at once, each in a worktree of its own; passing work joins branch pace/run one feature at a time (implies --worktree; default: pace.json orchestrator.parallel, 1)", HelpName = "n" };
        var fleet = FleetCommand.FleetOption(required: false);
        fleet.Description = "Give the sessions to the fleet's workers (pace worker) through this PostgreSQL database instead of running them here; with --parallel, how many are out at once (default 8). The password comes from ~/.pgpass, PGPASSFILE or PGPASSWORD";
        var remote = new Option<string?>("--remote") { Description = "With --fleet: the git remote (a name or a URL) the workers fetch the project from and push their work to (default: origin)", HelpName = "remote" };
        var takeOver = new Option<string?>("--take-over") { Description = "With --fleet: go on with the fleet run of this name (pace fleet status lists them) whose coordinator, on another host or in another clone of the project, has stopped or died", HelpName = "run" };
        var command = new Command("run", "Implement failing features one agent session at a time; Pace verifies and commits each")
        {
            file, maxSessions, untilComplete, maxFailures, retryStuck, dryRun, agent, budget, worktree, parallel, noFastForward, fleet, remote, takeOver, json,
        };
        command.SetAction((parse, _) =>
        {
            var options = new Options(
                parse.GetValue(file), parse.GetValue(maxSessions), parse.GetValue(untilComplete), parse.GetValue(maxFailures),
                parse.GetValue(dryRun), parse.GetValue(agent), ParseBudget(parse.GetValue(budget)), parse.GetValue(json))
            {
                RetryStuck = parse.GetValue(retryStuck),
                Worktree = parse.GetValue(worktree),
                NoFastForward = parse.GetValue(noFastForward),
                Fleet = parse.GetValue(fleet),
                Remote = parse.GetValue(remote) is { } r ? (parse.GetValue(fleet) is not null ? r : throw new Core.Diagnostics.InputException("--remote applies to a run with --fleet only")) : null,
                TakeOver = parse.GetValue(takeOver) is { } t ? (parse.GetValue(fleet) is not null ? t : throw new Core.Diagnostics.InputException("--take-over applies to a run with --fleet only")) : null,
                Parallel = parse.GetValue(parallel) is { } n ? (n >= 1 ? n : throw new Core.Diagnostics.InputException($"--parallel: {n} is not a number of agent slots (1 or more)")) : null,
            };
            return LoopHost.RunAsync(context, options, agentOverride: null, context.Cancellation);
        });
        return command;
    }

    private static decimal? ParseBudget(string? text) =>
        text is null ? null
        : decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var usd) && usd > 0 ? usd
        : throw new Core.Diagnostics.InputException($"--budget: \"{text}\" is not a positive amount of US dollars");
}
