using Pace.Adapters.Storage;
using Pace.Core.Config;
using Pace.Core.Loop;

namespace Pace.Cli.Output;

/// <summary>`pace run --dry-run`: what would run, with no side effect at all (no lock, no state, no git change).</summary>
internal static class DryRun
{
    public static int Print(CliContext context, string listPath, PaceConfig config, RunOptions options, string agentName, bool json)
    {
        var list = FeatureListFiles.Load(listPath);
        var work = NextWork.ForList(list, listPath, options.RetryStuck);
        var failing = work.Workable;
        var planned = options.MaxSessions is { } max ? failing.Take(max).ToList() : [.. failing];
        if (json)
        {
            JsonOutput.Write(context.Out, w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("dryRun", true);
                w.WriteString("agent", agentName);
                if (options.MaxSessions is { } m)
                {
                    w.WriteNumber("maxSessions", m);
                }
                else
                {
                    w.WriteNull("maxSessions");
                }

                w.WriteNumber("maxFailures", options.MaxFailures);
                w.WriteNumber("parallel", options.Parallel);
                w.WriteStartArray("checks");
                foreach (var check in config.Checks)
                {
                    w.WriteStringValue(check.Command);
                }

                w.WriteEndArray();
                w.WriteStartArray("features");
                foreach (var feature in planned)
                {
                    w.WriteStartObject();
                    JsonOutput.FeatureSummary(w, feature);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartObject("progress");
                JsonOutput.Progress(w, list.Progress);
                w.WriteEndObject();
                work.WriteStuckJson(w);
                w.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        var output = context.Out;
        output.WriteLine($"Dry run: nothing will be changed. Agent: {agentName}; time limit per session {config.SessionLimits.TimeLimit}{(options.Parallel > 1 ? $"; up to {options.Parallel} features at once, each in a worktree of its own" : "")}.");
        output.WriteLine(config.Checks.Count == 0
            ? "Checks: none configured (pace.json pace.checks); a session then passes when the agent changed the project and broke no rule."
            : "Checks: " + string.Join("; ", config.Checks.Select(c => c.Command)));
        output.WriteLine($"Progress: {list.Progress.Passing}/{list.Progress.Total}; sessions would take, in order (if each passes):");
        foreach (var feature in planned)
        {
            output.WriteLine("  " + PlainOutput.Describe(feature));
        }

        if (work.StuckLine is { } stuck)
        {
            output.WriteLine(stuck);
        }

        if (work.WaitingLine is { } waiting)
        {
            output.WriteLine(waiting);
        }

        return ExitCodes.Ok;
    }
}
