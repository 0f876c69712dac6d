using System.Globalization;
using Pace.Adapters.Config;
using Pace.Adapters.Git;
using Pace.Adapters.Loop;
using Pace.Adapters.Verification;
using Pace.Core.Loop;

namespace Pace.Bench.Loop;

/// <summary>
/// Pace's own cost per session: the real loop with the real adapters (git, run store, project files,
/// check runner) on a generated repository, an agent that returns at once and one trivial check.
/// The agent's and the checks' time (timed around their ports) is taken off each session's wall time.
/// </summary>
internal static class OverheadBench
{
    public static async Task RunAsync(int features, int files, bool keep, TextWriter output)
    {
        var repo = new BenchRepo("overhead");
        try
        {
            repo.Generate(files);
            repo.FeatureList(features);
            repo.Write("pace.json", """
                { "pace": { "agent": "instant", "checks": [ { "name": "trivial", "run": "true", "timeoutSeconds": 60 } ] } }
                """);
            await repo.CommitAllAsync();

            var trace = new GitTrace(Path.Combine(repo.Root, "trace2.jsonl"));
            var environment = new Dictionary<string, string?>(BenchRepo.GitEnvironment) { ["GIT_TRACE2_EVENT"] = trace.Path };
            var ledger = new Ledger(trace);
            var folder = repo.Folder;
            var context = new LoopContext(
                ProjectLayout.ForFeatureList("feature_list.json"),
                PaceConfigReader.Load(folder),
                new TimedWorkspace(new GitCliWorkspace(folder, environment), ledger),
                new TimedAgent(new InstantAgent(), ledger),
                new TimedChecks(new CheckRunner(), ledger),
                new TimedStore(new FileRunStore(Path.Combine(folder, ".pace"), TimeProvider.System), ledger),
                new TimedFiles(new LocalProjectFiles(folder), ledger),
                ledger,
                TimeProvider.System);

            var summary = await new FeatureLoop(context).RunAsync(new RunOptions("instant", null, 3, null), CancellationToken.None);
            var commits = (await repo.GitAsync("rev-list", "--count", "HEAD")).Trim();
            if (summary.Reason != StopReason.AllPassing || ledger.Failures.Count > 0 || commits != (features + 1).ToString(CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException($"the run did not pass every feature ({summary.Reason}, {commits} commits): {string.Join("; ", ledger.Failures)}");
            }

            output.WriteLine($"## Overhead per session: {features} features, {files} files of ~3 KB, check `true`\n");
            OverheadReport.Write(ledger.Sessions, output);
            output.WriteLine($"\nLoad average at the end (1, 5, 15 min): {Machine.Load()}");
            if (keep)
            {
                output.WriteLine($"\nKept: {repo.Root}");
            }
        }
        finally
        {
            if (!keep)
            {
                repo.Dispose();
            }
        }
    }
}
