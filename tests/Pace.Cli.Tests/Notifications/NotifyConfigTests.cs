using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Notifications;

/// <summary>A wrong pace.notify stops `pace run` before anything happens: exit 2, each problem with file, line and column.</summary>
public sealed class NotifyConfigTests
{
    [Fact]
    public async Task A_notify_section_with_an_unknown_event_a_webhook_that_is_no_url_and_a_long_timeout_is_refused_with_exit_2_and_their_positions()
    {
        using var project = new LoopProject("A-1");
        project.Implements("A-1");
        LoopNotificationTests.Notify(project, """
            "webhook": "ftp://example.invalid/hook",
            "events": ["run-finished", "finished"],
            "timeoutSeconds": 600
            """);
        var text = project.Read("pace.json");

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(2, run.ToString());
        var path = Path.Combine(project.Folder, "pace.json");
        run.Stderr.ShouldContain($"{path}:{At(text, "\"ftp:")}: error: \"pace.notify.webhook\" must be an http:// or https:// URL");
        run.Stderr.ShouldContain($"{path}:{At(text, "\"finished\"")}: error: unknown event \"finished\"; use run-finished, stuck, paused, resumed, waiting, budget-reached");
        run.Stderr.ShouldContain($"{path}:{At(text, "600")}: error: \"pace.notify.timeoutSeconds\" must be at most 120");
        run.Stderr.ShouldContain("3 problems; nothing was changed");
        project.Exists(".pace/run/state.json").ShouldBeFalse();
        project.Subjects().Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_notify_section_with_neither_a_command_nor_a_webhook_is_refused_with_exit_2()
    {
        using var project = new LoopProject("A-1");
        LoopNotificationTests.Notify(project, "\"events\": [\"stuck\"]");
        var text = project.Read("pace.json");

        var run = await project.RunAsync("run");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain($"{Path.Combine(project.Folder, "pace.json")}:{At(text, "{ \"events\"")}: error: \"pace.notify\" needs \"command\"");
    }

    /// <summary>"line:column" (1-based) of the first <paramref name="value"/> in <paramref name="text"/>.</summary>
    private static string At(string text, string value)
    {
        var offset = text.IndexOf(value, StringComparison.Ordinal);
        var before = text[..offset];
        var line = before.Count(c => c == '\n') + 1;
        var column = offset - (before.LastIndexOf('\n') + 1) + 1;
        return $"{line}:{column}";
    }
}
