using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Specs;

public sealed class ExampleSpecTests
{
    [Fact]
    public async Task The_example_spec_runs_its_three_waves_offline_with_the_scripted_agent_and_reviewer()
    {
        using var temp = new TempFolder();
        var (folder, git) = Example(temp, "init", "-q", "-b", "main");

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

    [Fact]
    public async Task The_example_spec_completes_on_a_repository_made_with_plain_git_init_whose_branch_is_master()
    {
        using var temp = new TempFolder();
        // Plain `git init` (git's own default, pinned here: git 3 is to change it to main).
        var (folder, git) = Example(temp, "-c", "init.defaultBranch=master", "init", "-q");
        git.Run("symbolic-ref", "--short", "HEAD").Trim().ShouldBe("master");

        var run = await PaceProcess.RunAsync(folder, null, "spec", "run", "textstats", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("target branch: master (the branch checked out when the run started)");
        run.Stdout.ShouldContain("[COMPLETED] Spec textstats is complete: all 3 waves merged");
        git.Run("log", "--format=%s", "master").Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["textstats: wave 3 of 3 (PR #3)", "The example before Pace"]);
        git.Run("for-each-ref", "--format=%(refname:short)", "refs/heads/").Trim().ShouldBe("master");
        File.Exists(Path.Combine(folder, "textstats", "summary.py")).ShouldBeTrue();
        var state = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ".pace", "specs", "textstats", "state.json")));
        state.RootElement.GetProperty("target_branch").GetString().ShouldBe("master");

        var doctor = await PaceProcess.RunAsync(folder, null, "doctor");
        doctor.Stdout.ShouldContain("target branch master (the repository's default branch when the run started; the spec and pace.json name none)");
    }

    [Fact]
    public async Task A_target_branch_named_in_pace_json_is_used_over_the_checked_out_one()
    {
        using var temp = new TempFolder();
        var (folder, git) = Example(temp, "init", "-q", "-b", "main");
        git.Run("branch", "release");
        var config = Path.Combine(folder, "pace.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"maxParallel\": 2 }", "\"maxParallel\": 2, \"targetBranch\": \"release\" }", StringComparison.Ordinal));
        git.Run("commit", "-q", "-am", "Target release");

        var run = await PaceProcess.RunAsync(folder, null, "spec", "run", "textstats", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("target branch: release (named by pace.json's pace.spec.targetBranch)");
        git.Run("log", "-1", "--format=%s", "release").Trim().ShouldBe("textstats: wave 3 of 3 (PR #3)");
        git.Run("log", "-1", "--format=%s", "main").Trim().ShouldBe("Target release");
    }

    /// <summary>A copy of examples/textstats made a git repository with <paramref name="init"/>, its files committed.</summary>
    private static (string Folder, LoopProjectGit Git) Example(TempFolder temp, params string[] init)
    {
        var source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "textstats"));
        var folder = temp.Folder("textstats");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.Contains("__pycache__", StringComparison.Ordinal)))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var git = new LoopProjectGit(folder);
        git.Run(init);
        git.Run("add", "-A");
        git.Run("commit", "-q", "-m", "The example before Pace");
        return (folder, git);
    }
}
