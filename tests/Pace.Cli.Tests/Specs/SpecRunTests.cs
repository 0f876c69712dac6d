using System.Text.Json;

namespace Pace.Cli.Tests.Specs;

public sealed class SpecRunTests
{
    [Fact]
    public async Task I_can_run_a_three_wave_spec_with_a_review_a_conflict_and_a_confirmed_final_merge()
    {
        using var repo = new SpecRepo();

        var first = await repo.RunAsync("spec", "run", "demo");

        first.ExitCode.ShouldBe(3, first.ToString());
        first.Stdout.ShouldContain("[READY_TO_MERGE] Final wave: PR #3 merges into main and needs your confirmation.");
        first.Stdout.ShouldContain("Next: pace spec run demo --yes to merge it");
        repo.Git("log", "--format=%s", "main").ShouldBe("Initial project");
        var sessions = repo.Sessions();
        // b's first result conflicts with a's on the wave branch: kept on a ref, b runs once more on the
        // wave branch (a's work in it), and that result joins.
        first.Stdout.ShouldContain("wave 1: the wave branch refused task b's result: it conflicts with the wave's other tasks in shared.txt; it is kept on refs/pace/spec-kept/demo/b/1");
        first.Stdout.ShouldContain("wave 1: task b runs again on the wave branch as it is now");
        sessions.Split('\n').Count(l => l == "task b").ShouldBe(2, sessions);
        repo.Git("show", "refs/pace/spec-kept/demo/b/1:shared.txt").ShouldBe("b");
        // The refused result's evidence is kept among b's attempts, saying why; the passed one is b's.
        var refused = JsonDocument.Parse(repo.Read(".pace/specs/demo/wave-1/b.attempts/1/evidence.json")).RootElement;
        refused.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
        refused.GetProperty("verdict").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldContain("the wave branch refused the result: it conflicts with the wave's other tasks in shared.txt");
        refused.GetProperty("attemptRef").GetString().ShouldBe("refs/pace/spec-kept/demo/b/1");
        JsonDocument.Parse(repo.Read(".pace/specs/demo/wave-1/b/evidence.json")).RootElement.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeTrue();
        sessions.ShouldContain("review wave 1 cycle 1");
        sessions.ShouldContain("fix ");
        sessions.ShouldContain("review wave 1 cycle 2");

        var second = await repo.RunAsync("spec", "run", "demo", "--yes", "--json");

        second.ExitCode.ShouldBe(0, second.ToString());
        second.Stdout.ShouldContain("\"status\": \"completed\"");
        second.Stdout.ShouldContain("\"phase\": \"COMPLETED\"");
        repo.Git("log", "--format=%s", "main").Split('\n').ShouldBe(["demo: wave 3 of 3 (PR #3)", "Initial project"]);
        repo.Read("shared.txt").ShouldBe("a\nb\n");
        foreach (var file in new[] { "a.txt", "b.txt", "c.txt", "d.txt", "fixed.txt", "tests/a.test", "tests/d.test" })
        {
            File.Exists(Path.Combine(repo.Folder, file)).ShouldBeTrue(file);
        }

        repo.Branches().ShouldBe(["main"]);
        repo.Git("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ShouldBe(1);
        repo.Git("status", "--porcelain").ShouldBeEmpty();
        repo.StateSummary().ShouldBe("COMPLETED wave 3/3 [1:1:merged:2:True, 2:2:merged:1:True, 3:3:merged:1:True]");
    }

    [Fact]
    public async Task A_task_that_fails_verification_fails_the_spec_with_its_reason_and_retry_runs_the_wave_again()
    {
        using var repo = new SpecRepo();
        repo.Behave("task-c", "echo c > c.txt; mkdir -p tests; if [ -f \"$dir/fixed\" ]; then echo 'needs c.txt' > tests/c.test; else echo fail > tests/c.test; fi");

        var failed = await repo.RunAsync("spec", "run", "demo", "--yes");

        failed.ExitCode.ShouldBe(1, failed.ToString());
        failed.Stdout.ShouldContain("[FAILED] Wave 2 of 3 failed: wave 2: 1 of 1 tasks failed (c); last error: task c failed although the agent claimed success: check 'tests' failed with exit code 1");
        failed.Stdout.ShouldContain("pace spec retry demo");
        repo.State().GetProperty("phase").GetString().ShouldBe("FAILED");
        // c ran early (during wave 1) and failed; that does not count, so it ran again in wave 2 and failed there.
        failed.Stdout.ShouldContain("task c failed when it ran early");
        repo.Git("for-each-ref", "--format=%(refname)", "refs/pace/spec-attempts/demo/c/").Split('\n').ShouldBe(["refs/pace/spec-attempts/demo/c/1", "refs/pace/spec-attempts/demo/c/2"]);

        File.WriteAllText(Path.Combine(repo.AgentFolder, "fixed"), "");
        var retried = await repo.RunAsync("spec", "run", "demo", "--retry", "--yes");

        retried.ExitCode.ShouldBe(0, retried.ToString());
        repo.StateSummary().ShouldBe("COMPLETED wave 3/3 [1:1:merged:2:True, 2::failed:0:False, 2:2:merged:1:True, 3:3:merged:1:True]");
        repo.Read("tests/c.test").Trim().ShouldBe("needs c.txt");
    }

    [Fact]
    public async Task In_manual_mode_the_run_waits_for_a_persons_review_and_goes_on_after_it()
    {
        using var repo = new SpecRepo(reviewer: "person");

        var waiting = await repo.RunAsync("spec", "run", "demo", "--manual", "--json");

        waiting.ExitCode.ShouldBe(3, waiting.ToString());
        waiting.Stdout.ShouldContain("\"status\": \"waiting\"");
        waiting.Stdout.ShouldContain("\"phase\": \"AWAITING_REVIEW\"");
        waiting.Stdout.ShouldContain("\"pr_number\": 1");
        waiting.Stdout.ShouldContain("\"next_action\": \"pace spec run demo to check the review\"");

        var still = await repo.RunAsync("spec", "status", "demo");
        still.ExitCode.ShouldBe(3, still.ToString());

        var review = await repo.RunAsync("review", "demo", "request-changes", "-m", "add fixed.txt");
        review.ExitCode.ShouldBe(0, review.ToString());
        var fixing = await repo.RunAsync("spec", "run", "demo", "--manual");
        fixing.ExitCode.ShouldBe(3, fixing.ToString());
        repo.Sessions().ShouldContain("fix ");
        repo.State().GetProperty("review_status").GetProperty("review_cycles").GetInt32().ShouldBe(1);

        (await repo.RunAsync("review", "demo", "approve")).ExitCode.ShouldBe(0);
        var next = await repo.RunAsync("spec", "run", "demo", "--manual");

        next.ExitCode.ShouldBe(3, next.ToString());
        next.Stdout.ShouldContain("PR #2 awaits review");
        repo.Git("log", "--format=%s", "feature/demo").Split('\n')[0].ShouldBe("demo: wave 1 of 3 (PR #1)");
    }

    [Fact]
    public async Task A_spec_with_errors_is_refused_with_every_problem_and_nothing_is_written()
    {
        using var repo = new SpecRepo();
        repo.Write("specs/demo.json", """
            {
              "name": "demo",
              "tasks": [
                { "id": "a", "title": "Task a", "depends_on": ["b"] },
                { "id": "b", "title": "Task b", "depends_on": ["a"] },
                { "id": "c", "title": "Task c", "depends_on": ["nope"] }
              ]
            }
            """);

        var run = await repo.RunAsync("spec", "run", "demo");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("specs/demo.json:4:");
        run.Stderr.ShouldContain("dependency cycle");
        run.Stderr.ShouldContain("nope");
        Directory.Exists(Path.Combine(repo.Folder, ".pace")).ShouldBeFalse();
        repo.Branches().ShouldBe(["main"]);
    }
}
