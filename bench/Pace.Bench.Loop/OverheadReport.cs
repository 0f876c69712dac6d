using System.Globalization;

namespace Pace.Bench.Loop;

/// <summary>The overhead benchmark's tables.</summary>
internal static class OverheadReport
{
    public static void Write(IReadOnlyList<SessionSample> sessions, TextWriter output)
    {
        static double Ms(TimeSpan t) => t.TotalMilliseconds;
        output.WriteLine(Stats.Header);
        output.WriteLine(Stats.Of(sessions.Select(s => Ms(s.Wall))).Row("session wall time"));
        output.WriteLine(Stats.Of(sessions.Select(s => Ms(s.In("agent")))).Row("− agent (in-process)"));
        output.WriteLine(Stats.Of(sessions.Select(s => Ms(s.In("checks")))).Row("− checks (`true`)"));
        output.WriteLine(Stats.Of(sessions.Select(s => Ms(s.Overhead))).Row("**= Pace overhead**"));
        output.WriteLine(Stats.Of(sessions.Select(s => Ms(s.In("workspace")))).Row("of which workspace (git)"));
        output.WriteLine(Stats.Of(sessions.Select(s => Ms(s.In("store")))).Row("of which run store (.pace/)"));
        output.WriteLine(Stats.Of(sessions.Select(s => Ms(s.In("files")))).Row("of which project files"));
        output.WriteLine(Stats.Of(sessions.Select(s => Ms(s.Overhead - s.In("workspace") - s.In("store") - s.In("files")))).Row("of which the rest (loop, parsing, JSON)"));

        output.WriteLine(Stats.Of(sessions.Select(s => s.CpuMs.Self)).Row("CPU: the loop's process (all of it)"));
        output.WriteLine(Stats.Of(sessions.Select(s => s.CpuMs.Children)).Row("CPU: child processes (git, check)"));

        var overhead = sessions.Sum(s => Ms(s.Overhead));
        var workspace = sessions.Sum(s => Ms(s.In("workspace")));
        var gitOwn = sessions.Sum(s => s.Git.Where(g => g.TopLevel).Sum(g => g.Milliseconds));
        var perSession = sessions.Select(s => (double)s.Git.Count(g => g.TopLevel)).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            git processes per session: {perSession.Average():0.0} (min {perSession.Min()}, max {perSession.Max()}); their children: {sessions.Average(s => s.Git.Count(g => !g.TopLevel)):0.0}.
            Share of the overhead spent in workspace calls (git processes, start-up included): {100 * workspace / overhead:0}% ({workspace / sessions.Count:0.0} ms a session);
            git's own run time (trace2, start-up excluded): {gitOwn / sessions.Count:0.0} ms a session.

            """));

        output.WriteLine("| port call | calls per session | mean ms per call | ms per session |\n|---|---:|---:|---:|");
        foreach (var group in sessions.SelectMany(s => s.Calls).Where(c => c.Port is not "agent" and not "checks").GroupBy(c => $"{c.Port}.{c.Method}").OrderByDescending(g => g.Sum(c => Ms(c.Took))))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {group.Count() / (double)sessions.Count:0.00} | {group.Average(c => Ms(c.Took)):0.00} | {group.Sum(c => Ms(c.Took)) / sessions.Count:0.00} |"));
        }

        output.WriteLine("\n| git command | processes per session | git's own mean ms |\n|---|---:|---:|");
        foreach (var group in sessions.SelectMany(s => s.Git).Where(g => g.TopLevel).GroupBy(g => g.Command).OrderByDescending(g => g.Count()))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {group.Count() / (double)sessions.Count:0.00} | {group.Average(g => g.Milliseconds):0.00} |"));
        }
    }
}
