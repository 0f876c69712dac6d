using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pace.Bench.Specs;

// The makespan of a 20-task spec with simulated agent durations, at 1, 2 and 4 parallel agents,
// against the lower bound max(longest dependency chain, total work / agents); and Pace's own time
// per wave (worktrees, merges, state, review, squash) = wave time - its longest task.
var output = args.Length > 0 ? args[0] : Path.Combine("bench", "results", "spec-makespan.md");
var scale = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1.0;
// A third argument picks the agent counts (for example "4" or "1,2"); the default is 1, 2 and 4.
int[] counts = args.Length > 2 ? [.. args[2].Split(',').Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [1, 2, 4];
var plan = BenchSpec.Create(scale);
var report = new StringBuilder();
report.AppendLine("# Spec makespan with simulated agents").AppendLine();
report.AppendLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; git {BenchRun.GitVersion()}.");
report.AppendLine($"Spec: {plan.Tasks.Count} tasks in {plan.Waves} waves; agent durations {plan.Tasks.Min(t => t.Duration.TotalSeconds):0.0}-{plan.Tasks.Max(t => t.Duration.TotalSeconds):0.0} s, total work {plan.TotalWork.TotalSeconds:0.0} s, longest chain {plan.LongestChain.TotalSeconds:0.0} s.");
report.AppendLine("Checks: one `true` per session (so the time is Pace's and the agents'). Reviewer: a simulated agent that approves. Final merge with --yes.").AppendLine();
report.AppendLine("| Agents | Early start | Makespan (s) | Lower bound (s) | Over the bound | Policy alone (s) | Wave-barrier bound (s) | Early starts | Pace between waves (s, mean) | Load average (1 min) before |");
report.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
// A fourth argument picks the modes: "on", "off" or "on,off" (the default).
// "model" only prints the policy's makespan with no time of Pace's own, for each agent count, and runs nothing.
if (args.Length > 3 && args[3] == "model")
{
    foreach (var agents in counts)
    {
        Console.WriteLine($"{agents} agents: policy alone {PolicyModel.Makespan(plan, agents).TotalSeconds:0.00} s, lower bound {plan.LowerBound(agents).TotalSeconds:0.00} s, wave-barrier bound {plan.WaveBound(agents).TotalSeconds:0.00} s");
    }

    return;
}

var modes = (args.Length > 3 ? args[3] : "on,off").Split(',').Select(m => m == "on").ToArray();
foreach (var agents in counts)
{
    foreach (var early in modes)
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var result = await BenchRun.RunAsync(plan, agents, early);
        var bound = plan.LowerBound(agents);
        var barrier = plan.WaveBound(agents);
        // Wave by wave, the policy alone is the wave-barrier bound.
        var policy = early ? PolicyModel.Makespan(plan, agents) : barrier;
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {agents} | {(early ? "on" : "off")} | {result.Makespan.TotalSeconds:0.00} | {bound.TotalSeconds:0.00} | {(result.Makespan / bound - 1) * 100:0.0}% | {policy.TotalSeconds:0.00} | {barrier.TotalSeconds:0.00} | {result.EarlyStarts} | {result.BetweenWaves.TotalSeconds:0.00} | {load} |");
        Console.WriteLine($"{agents} agents, early start {(early ? "on" : "off")}: {result.Makespan.TotalSeconds:0.00} s (bound {bound.TotalSeconds:0.00} s, load {load})");
    }
}

report.AppendLine().AppendLine("""
    The lower bound ignores waves: a task could start as soon as its own dependencies are merged.
    Without early start Pace runs wave by wave (a wave's pull request is reviewed and merged before
    the next wave starts), so its best possible makespan is the wave-barrier bound: the sum over
    waves of the wave's tasks packed greedily on the agents. With early start a task of any later
    wave starts once each of its own dependencies has a passing result (merged, passed in the
    current wave, or passed early itself) and a slot is free, so a run can go below the wave-barrier
    bound. "Policy alone" is the makespan of that policy with no time of Pace's own (tasks and slots
    only: PolicyModel.cs); what a run takes above it is Pace's time. "Pace between waves" is the mean
    time from a wave's last task passing to the next wave starting (or the run completing): merging
    the task branches, the pull request, the review, the squash merge, cleanup and the next wave's
    setup.
    """);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
File.WriteAllText(output, report.ToString());
Console.WriteLine($"written to {output}");
