using Pace.Adapters.Loop;
using Pace.Core.Loop;
using Pace.Core.Verification;

namespace Pace.Cli.Output;

/// <summary>`pace run --json`: the seed's summary as an object, with each session's outcome.</summary>
internal static class RunJson
{
    public static void Write(TextWriter output, RunSummary summary, FileRunStore store) => JsonOutput.Write(output, w =>
    {
        w.WriteStartObject();
        w.WriteString("runId", summary.RunId);
        w.WriteNumber("sessionsRun", summary.SessionsRun);
        w.WriteNumber("featuresCompleted", summary.FeaturesCompleted);
        w.WriteStartObject("progress");
        w.WriteNumber("passing", summary.Passing);
        w.WriteNumber("total", summary.Total);
        w.WriteNumber("percentage", summary.Percentage);
        w.WriteEndObject();
        w.WriteString("stopReason", summary.Reason.ToString());
        w.WriteNumber("costUsd", summary.CostUsd);
        w.WriteStartArray("stuck");
        foreach (var stuck in summary.Stuck)
        {
            JsonOutput.StuckFeature(w, stuck);
        }

        w.WriteEndArray();
        NextWork.WriteWaiting(w, summary.Waiting);
        w.WriteStartArray("sessions");
        foreach (var number in store.Sessions())
        {
            var evidence = store.LoadEvidence(number)!;
            w.WriteStartObject();
            w.WriteNumber("session", number);
            w.WriteString("featureId", evidence.ItemId);
            w.WriteBoolean("passed", evidence.Verdict.Passed);
            w.WriteString("commit", evidence.ResultCommit);
            w.WriteBoolean("agentClaimedSuccess", evidence.AgentClaimsSuccess);
            w.WriteStartArray("reasons");
            foreach (var reason in evidence.Verdict.Reasons)
            {
                w.WriteStringValue(reason);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });
}
