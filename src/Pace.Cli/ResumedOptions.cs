using System.Globalization;
using Pace.Cli.Commands;
using Pace.Core.Loop;

namespace Pace.Cli;

/// <summary>
/// The rule for a `pace run` that resumes an interrupted run: the limits given on the new command line
/// replace the run's; the ones not given stay as the interrupted run set them (pace.json is not read
/// again for them). `--max-sessions N` means N more sessions, the interrupted one counted among them.
/// </summary>
internal static class ResumedOptions
{
    public static (RunOptions Options, IReadOnlyList<string> Given) Merge(RunState previous, RunCommand.Options line, RunOptions fresh)
    {
        var saved = previous.Options;
        var given = new List<string>();
        var maxSessions = saved.MaxSessions;
        if (line.UntilComplete)
        {
            maxSessions = null;
            given.Add("--until-complete");
        }
        else if (line.MaxSessions is { } more)
        {
            maxSessions = previous.SessionsRun + more;
            given.Add($"--max-sessions {more}");
        }

        if (line.MaxFailures is { } failures)
        {
            given.Add($"--max-failures {failures}");
        }

        if (line.BudgetUsd is { } budget)
        {
            given.Add($"--budget {budget.ToString(CultureInfo.InvariantCulture)}");
        }

        if (line.Agent is { } agent)
        {
            given.Add($"--agent {agent}");
        }

        if (line.Parallel is { } parallel)
        {
            given.Add($"--parallel {parallel}");
        }

        var merged = saved with
        {
            Agent = line.Agent is null ? saved.Agent : fresh.Agent,
            Fallbacks = line.Agent is null ? saved.Fallbacks : fresh.Fallbacks,
            MaxSessions = maxSessions,
            MaxFailures = line.MaxFailures ?? saved.MaxFailures,
            BudgetUsd = line.BudgetUsd ?? saved.BudgetUsd,
            Parallel = line.Parallel ?? saved.Parallel,
        };
        return (merged, given);
    }

    /// <summary>The line printed when a run resumes: which limits apply, and where each comes from.</summary>
    public static string Describe(RunOptions saved, RunOptions applied, IReadOnlyList<string> given) =>
        given.Count == 0
            ? $"Resuming the interrupted run with its own limits: {Limits(applied)}. Limits given on the command line (--max-sessions, --until-complete, --max-failures, --budget, --agent, --parallel) would replace them."
            : $"Resuming the interrupted run: {string.Join(", ", given)} from this command line replace{(given.Count == 1 ? "s" : "")} the run's limits ({Limits(saved)}); now: {Limits(applied)}.";

    private static string Limits(RunOptions o) =>
        $"agent {o.Agent}, {(o.MaxSessions is { } max ? $"at most {max} sessions in the run" : "until every feature passes")}, stop after {o.MaxFailures} failures in a row, {(o.BudgetUsd is { } usd ? $"budget ${usd.ToString(CultureInfo.InvariantCulture)}" : "no cost limit")}{(o.Parallel > 1 ? $", {o.Parallel} features at once" : "")}";
}
