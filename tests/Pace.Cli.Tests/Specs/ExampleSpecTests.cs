using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Specs;

public sealed class ExampleSpecTests
{
    [Fact]
    public async Task The_example_spec_runs_its_three_waves_offline_with_the_scripted_agent_and_reviewer()
    {
        using var temp = new TempFolder();
        var source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "textstats"));
        var folder = temp.Folder("textstats");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.Contains("__pycache__", StringComparison.Ordinal)))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var git = new LoopProjectGit(folder);
        git.Run("init", "-q", "-b", "main");
        git.Run("add", "-A");
        git.Run("commit", "-q", "-m", "The example before Pace");

        var list = await PaceProcess.RunAsync(folder, null, "spec", "list");
        list.Stdout.ShouldContain("textstats");
        list.Stdout.ShouldContain("4 tasks in 3 waves");
        var run = await PaceProcess.RunAsync(folder, null, "spec", "run", "textstats", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("PR #1: demo requested changes (1 blocking)");
        run.Stdout.ShouldContain("[COMPLETED] Spec textstats is complete: all 3 waves merged (wave 1: PR #1, 2 review cycles; wave 2: PR #2, 1 review cycle; wave 3: PR #3, 1 review cycle).");
        git.Subjects().ShouldBe(["textstats: wave 3 of 3 (PR #3)", "The example before Pace"]);
        File.ReadAllText(Path.Combine(folder, "textstats", "core.py")).ShouldContain("split on any whitespace");
        File.Exists(Path.Combine(folder, "textstats", "summary.py")).ShouldBeTrue();
    }
}
