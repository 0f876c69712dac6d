using Pace.Cli.Tests.Specs;

namespace Pace.Cli.Tests.Notifications;

/// <summary>pace.notify on `pace spec run`: the same events as the loop's, read off the spec's state machine.</summary>
public sealed class SpecNotificationTests
{
    [Fact]
    public async Task A_spec_waiting_for_a_persons_review_tells_the_webhook_and_the_command_and_ends_waiting()
    {
        using var webhook = new WebhookListener();
        using var repo = new SpecRepo(reviewer: "person");
        var received = Path.Combine(repo.AgentFolder, "notices.jsonl");
        Notify(repo, $$"""
            "command": "cat >> {{received}}", "webhook": "{{webhook.Url}}"
            """);

        var run = await repo.RunAsync("spec", "run", "demo", "--manual");

        run.ExitCode.ShouldBe(3, run.ToString());
        var notices = webhook.Notices;
        notices.Select(n => n.GetProperty("kind").GetString()).ShouldBe(["waiting", "run-finished"]);
        notices.ShouldAllBe(n => n.GetProperty("spec").GetString() == "demo" && n.GetProperty("pullRequest").GetInt32() == 1);
        notices[0].GetProperty("message").GetString().ShouldBe("demo: Wave 1 of 3: PR #1 awaits your review.");
        notices[1].GetProperty("stopReason").GetString().ShouldBe("waiting");
        notices[1].GetProperty("nextAction").GetString().ShouldBe("pace spec run demo to check the review");
        File.ReadAllLines(received).Length.ShouldBe(2);
    }

    [Fact]
    public async Task A_spec_whose_final_merge_needs_yes_tells_the_webhook_that_it_waits_for_the_confirmation()
    {
        using var webhook = new WebhookListener();
        using var repo = new SpecRepo();
        Notify(repo, $$"""
            "webhook": "{{webhook.Url}}"
            """);

        var run = await repo.RunAsync("spec", "run", "demo");

        run.ExitCode.ShouldBe(3, run.ToString());
        var notices = webhook.Notices;
        notices.Select(n => n.GetProperty("kind").GetString()).ShouldBe(["waiting", "run-finished"]);
        notices[0].GetProperty("message").GetString().ShouldBe("demo: Final wave: PR #3 merges into main and needs your confirmation.");
        notices[0].GetProperty("nextAction").GetString().ShouldBe("pace spec run demo --yes to merge it");
        notices[1].GetProperty("stopReason").GetString().ShouldBe("waiting");
    }

    [Fact]
    public async Task A_spec_task_that_fails_is_notified_as_stuck_and_the_failed_run_as_finished()
    {
        using var webhook = new WebhookListener();
        using var repo = new SpecRepo();
        repo.Behave("task-a", "echo a > a.txt; mkdir -p tests; echo fail > tests/a.test");
        Notify(repo, $$"""
            "webhook": "{{webhook.Url}}", "events": ["stuck", "run-finished"]
            """);

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(1, run.ToString());
        var notices = webhook.Notices;
        notices.Select(n => n.GetProperty("kind").GetString()).ShouldBe(["stuck", "run-finished"]);
        notices[0].GetProperty("task").GetString().ShouldBe("a");
        notices[0].GetProperty("wave").GetInt32().ShouldBe(1);
        notices[0].GetProperty("message").GetString()!.ShouldContain("check 'tests' failed with exit code 1");
        notices[1].GetProperty("stopReason").GetString().ShouldBe("failed");
    }

    private static void Notify(SpecRepo repo, string settings)
    {
        repo.Write("pace.json", repo.Read("pace.json").Replace("\"pace\": {", "\"pace\": {\n    \"notify\": { " + settings + " },", StringComparison.Ordinal));
        repo.Git("commit", "-qam", "Notify");
    }
}
