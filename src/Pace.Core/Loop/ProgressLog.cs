using System.Globalization;
using Pace.Core.Features;

namespace Pace.Core.Loop;

/// <summary>The progress.txt session entry of the seed, and the commit message of a passing feature.</summary>
public static class ProgressLog
{
    public const string FileName = "progress.txt";

    public static string Entry(int session, Feature feature, DateTimeOffset at, string agent, string actions, FeatureProgress progress) =>
        string.Join("\n",
            "---",
            $"### Session {session} - {feature.Id}",
            $"**Date:** {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}",
            $"**Feature:** {feature.Id} - {feature.Description}",
            $"**Agent:** {agent}",
            $"**Actions:** {actions}",
            $"**Status:** Features passing: {progress.Passing}/{progress.Total}",
            "---",
            "");

    /// <summary>The subject the seed uses, plus a trailer by which a resumed run finds a commit it already made.</summary>
    public static string CommitMessage(Feature feature, string runId, int session) =>
        $"feat({feature.Category}): {feature.Id} - {feature.Description}\n\n{Trailer(runId, session)}\n";

    public static string Trailer(string runId, int session) => $"Pace-Session: {runId}/{session}";
}
