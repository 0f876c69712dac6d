using System.Text.Json;
using Pace.Core.Loop;
using Pace.Core.Notifications;
using Pace.Core.Security;
using Pace.Core.Waves;

namespace Pace.Core.Tests.Notifications;

public sealed class NoticeTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [Fact]
    public void A_notice_is_sent_as_a_small_json_document_without_the_fields_that_do_not_apply()
    {
        var pause = new PauseState(At, At.AddMinutes(30), "claude", "five_hour limit");
        var notice = new Notice(NoticeKinds.Paused, At, "paused until 07:38 (claude, five_hour limit)") { Run = "20260506T070000Z", Pause = pause };

        using var json = JsonDocument.Parse(NoticeJson.Write(notice, "shop", Redactor.Shapes));

        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["version", "kind", "project", "time", "message", "run", "pause"]);
        root.GetProperty("kind").GetString().ShouldBe("paused");
        root.GetProperty("time").GetString().ShouldBe("2026-05-06T07:08:09Z");
        root.GetProperty("pause").GetProperty("until").GetDateTimeOffset().ShouldBe(At.AddMinutes(30));
        root.GetProperty("pause").GetProperty("agent").GetString().ShouldBe("claude");
    }

    [Fact]
    public void A_secret_in_any_field_of_a_notice_is_redacted_in_the_document_and_in_the_commands_variables()
    {
        const string secret = "tok+en/with\"quote-123456";
        var redactor = Redactor.Shapes.With([secret]);
        var notice = new Notice(NoticeKinds.Stuck, At, $"F-1 failed: the check printed {secret}") { Feature = "F-1", StopReason = secret };

        var document = NoticeJson.Write(notice, "shop", redactor);
        var variables = NoticeJson.Variables(notice, "shop", redactor);

        document.ShouldNotContain("123456");
        JsonDocument.Parse(document).RootElement.GetProperty("message").GetString().ShouldBe("F-1 failed: the check printed [REDACTED]");
        variables.Values.ShouldAllBe(v => v == null || !v.Contains("123456"));
        variables["PACE_EVENT_MESSAGE"].ShouldBe("F-1 failed: the check printed [REDACTED]");
        variables["PACE_EVENT_FEATURE"].ShouldBe("F-1");
        variables["PACE_EVENT_PAUSE_UNTIL"].ShouldBeNull();
    }

    [Fact]
    public void A_spec_notices_a_failed_task_as_stuck_a_persons_review_and_the_final_merge_as_waiting_and_nothing_else()
    {
        var state = SpecState.Create("demo", "specs/demo.json", 2, At) with { Phase = SpecPhase.AwaitingReview, PrNumber = 4 };

        SpecNotices.Of(new TaskFailed(At, 1, "a", "check 'tests' failed"), state, personReviews: false)!.Kind.ShouldBe(NoticeKinds.Stuck);
        SpecNotices.Of(new PullRequestOpened(At, 1, 4, "local"), state, personReviews: true)!.Message.ShouldBe("demo: Wave 1 of 2: PR #4 awaits your review.");
        SpecNotices.Of(new PullRequestOpened(At, 1, 4, "local"), state, personReviews: false).ShouldBeNull();
        SpecNotices.Of(new ReviewPending(At), state, personReviews: true).ShouldBeNull();
        var final = state with { Phase = SpecPhase.ReadyToMerge, CurrentWave = 2, IsFinalWave = true, MergeConfirmed = false };
        var merge = SpecNotices.Of(new MergeDeclined(At), final, personReviews: false)!;
        merge.Kind.ShouldBe(NoticeKinds.Waiting);
        merge.NextAction.ShouldBe("pace spec run demo --yes to merge it");
        SpecNotices.Finished(final, At).StopReason.ShouldBe("waiting");
    }

    [Fact]
    public void A_task_paused_by_a_usage_window_and_resumed_is_told_with_the_task_and_the_reset()
    {
        var state = SpecState.Create("demo", "specs/demo.json", 2, At);
        var pause = new TaskPause("a", At, At.AddHours(2), "claude", "five_hour limit", 1);

        var paused = SpecNotices.Of(new TaskPaused(At, 1, pause), state, personReviews: false)!;
        var resumed = SpecNotices.Of(new TaskResumed(At.AddHours(2), 1, "a"), state, personReviews: false)!;

        paused.Kind.ShouldBe(NoticeKinds.Paused);
        paused.Task.ShouldBe("a");
        paused.Pause!.Until.ShouldBe(At.AddHours(2));
        paused.Message.ShouldBe($"demo: task a of wave 1 paused until {At.AddHours(2).UtcDateTime:yyyy-MM-dd HH:mm} UTC (claude, five_hour limit); the wave's other tasks go on");
        resumed.Kind.ShouldBe(NoticeKinds.Resumed);
        resumed.Task.ShouldBe("a");
    }
}
