using Pace.Cli.Tests.Loop;
using Pace.Cli.Tests.Specs;

namespace Pace.Cli.Tests.Faults;

/// <summary>
/// A fresh machine or a container has no git identity: every commit fails. Pace must say so before it
/// spends an agent session. The environment is a fresh user's, given to the pace process only: an
/// empty HOME and XDG_CONFIG_HOME, no system config, no GIT_AUTHOR_*/GIT_COMMITTER_*/EMAIL. The
/// repository sets user.useConfigOnly, so git cannot make up an address from the host name either
/// (it would on a host with a domain name, and the test would then say nothing).
/// </summary>
public sealed class GitIdentityTests
{
    [Fact]
    public async Task Pace_run_without_a_git_identity_refuses_before_the_first_session_and_says_how_to_set_one()
    {
        using var project = new LoopProject("A-1");
        project.Implements("A-1");
        project.Git("config", "user.useConfigOnly", "true");
        using var home = new TempFolder();
        var freshUser = FreshUser(home);
        var exclude = File.ReadAllText(Path.Combine(project.Folder, ".git/info/exclude"));

        var run = await project.RunAsync(freshUser, "run", "--until-complete");
        var doctor = await project.RunAsync(freshUser, "doctor");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("git has no identity to commit with");
        run.Stderr.ShouldContain("git config --global user.name \"Your Name\"");
        run.Stderr.ShouldContain("git config --global user.email \"you@example.com\"");
        run.Stderr.ShouldNotContain("internal error");
        File.Exists(Path.Combine(project.AgentFolder, "count-A-1")).ShouldBeFalse("no agent session was spent");
        project.Exists(".pace/run/state.json").ShouldBeFalse();
        File.ReadAllText(Path.Combine(project.Folder, ".git/info/exclude")).ShouldBe(exclude);
        project.Git("status", "--porcelain").ShouldBeEmpty();
        doctor.ExitCode.ShouldBe(1, doctor.ToString());
        doctor.Stdout.ShouldContain("[PROBLEM] loop/git identity: git has no identity to commit with");

        project.Git("config", "user.name", "Local Person");
        project.Git("config", "user.email", "local@test.invalid");
        var fixedRun = await project.RunAsync(freshUser, "run", "--until-complete");

        fixedRun.ExitCode.ShouldBe(0, fixedRun.ToString());
        project.Git("log", "-1", "--format=%an <%ae> %s").Trim().ShouldBe("Local Person <local@test.invalid> feat(core): A-1 - Feature A-1");
        (await project.RunAsync(freshUser, "doctor")).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Pace_spec_run_without_a_git_identity_refuses_before_the_first_session()
    {
        using var repo = new SpecRepo();
        repo.Git("config", "user.useConfigOnly", "true");
        using var home = new TempFolder();

        var run = await repo.RunAsync(FreshUser(home), "spec", "run", "demo");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("git has no identity to commit with");
        run.Stderr.ShouldContain("git config --global user.email");
        repo.Sessions().ShouldBeEmpty();
        File.Exists(repo.StatePath).ShouldBeFalse();
        repo.Branches().ShouldBe(["main"]);
    }

    [Fact]
    public async Task Pace_demo_on_a_machine_without_a_git_identity_runs_to_the_end_and_commits_as_pace_demo()
    {
        using var project = new LoopProject();
        using var temp = new TempFolder();
        using var home = new TempFolder();
        var target = Path.Combine(temp.Path, "demo");

        var run = await project.RunAsync(FreshUser(home), "demo", "--folder", target);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("Progress: 4/4 (100.0%)");
        new LoopProjectGit(target).Run("log", "--format=%an <%ae> / %cn <%ce>").Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct()
            .ShouldBe(["Pace demo <demo@pace.invalid> / Pace demo <demo@pace.invalid>"]);
    }

    private static Dictionary<string, string?> FreshUser(TempFolder home) => new()
    {
        ["HOME"] = home.Path,
        ["XDG_CONFIG_HOME"] = home["config"],
        ["GIT_CONFIG_GLOBAL"] = null,
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_AUTHOR_NAME"] = null,
        ["GIT_AUTHOR_EMAIL"] = null,
        ["GIT_COMMITTER_NAME"] = null,
        ["GIT_COMMITTER_EMAIL"] = null,
        ["EMAIL"] = null,
    };
}
