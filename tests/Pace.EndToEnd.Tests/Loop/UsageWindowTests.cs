using System.Text.Json;
using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Loop;

/// <summary>The real CLIs meeting a usage window: the run pauses until the reset instead of failing, then completes.</summary>
public sealed class UsageWindowTests(AgentClis clis)
{
    private static List<JsonElement> Journal(PaceProject project, string step) =>
        [.. project.Read(".pace/run/journal.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).Where(e => e.GetProperty("step").GetString() == step)];

    [Fact(Timeout = 240_000)]
    public async Task A_run_killed_while_paused_for_a_Claude_session_limit_waits_only_the_rest_of_the_window_when_started_again()
    {
        await using var project = await PaceProject.CreateAsync(clis, [new("CL-8", "greet.sh prints hello", "SCRIPT-CLAUDE-KILLED")],
            new ProjectSettings { Agent = "claude-subscription", UsageJitterSeconds = 0 });
        var window = new RateLimited(TimeSpan.FromSeconds(8));
        project.Script("SCRIPT-CLAUDE-KILLED",
            window,
            new WriteFile(project.PathOf("greet.sh"), "echo hello\n"),
            new WriteFile(project.PathOf("tests/greet.sh"), "[ \"$(sh greet.sh)\" = hello ]\n"),
            new Say("CL-8 done."));

        // The process kills itself (like kill -9) right after the pause is saved.
        var killed = await project.RunAsync(new Dictionary<string, string> { ["PACE_CRASH_AT"] = "paused" }, "run", "--max-failures", "1");
        killed.ExitCode.ShouldBe(137, killed.ToString());
        var reset = window.ResetsAt!.Value;
        var status = await project.RunAsync("status");
        status.Stdout.ShouldContain($"Run: paused until {reset.ToLocalTime():HH:mm} (claude-subscription, five_hour limit)", customMessage: status.ToString());

        var startedAgain = DateTimeOffset.UtcNow;
        var again = await project.RunAsync("run", "--max-failures", "1");

        again.ExitCode.ShouldBe(0, again.ToString());
        // Only the rest of the window: the wait ends at the saved reset, not a whole window after the restart,
        // and the agent is not asked again while the window is closed (one pause, never a second 429).
        var resumed = Journal(project, "resumed").Single().GetProperty("at").GetDateTimeOffset();
        resumed.ShouldBeGreaterThanOrEqualTo(reset);
        resumed.ShouldBeLessThan(startedAgain + window.Length);
        Journal(project, "paused").Count.ShouldBe(1);
        project.Passes().ShouldBe(new Dictionary<string, bool> { ["CL-8"] = true });
        using var state = JsonDocument.Parse(project.Read(".pace/run/state.json"));
        state.RootElement.GetProperty("consecutiveFailures").GetInt32().ShouldBe(0);
        await project.ShouldHaveKeptTheSecretAsync();
    }

    [Fact(Timeout = 240_000)]
    public async Task A_Claude_session_limit_pauses_the_run_until_the_reset_and_the_feature_is_then_built_with_no_failure_counted()
    {
        await using var project = await PaceProject.CreateAsync(clis, [new("CL-9", "greet.sh prints hello", "SCRIPT-CLAUDE-WINDOW")],
            new ProjectSettings { Agent = "claude-subscription", UsageJitterSeconds = 0 });
        var window = new RateLimited(TimeSpan.FromSeconds(4));
        project.Script("SCRIPT-CLAUDE-WINDOW",
            window,
            new WriteFile(project.PathOf("greet.sh"), "echo hello\n"),
            new WriteFile(project.PathOf("tests/greet.sh"), "[ \"$(sh greet.sh)\" = hello ]\n"),
            new Say("CL-9 done."));

        var run = await project.RunAsync("run", "--max-failures", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("(claude-subscription, five_hour limit): not counted as a failure", customMessage: run.ToString());
        var reset = window.ResetsAt!.Value;
        var paused = Journal(project, "paused").Single();
        paused.GetProperty("detail").GetString().ShouldBe($"until {reset:O} (claude-subscription, five_hour limit)");
        Journal(project, "resumed").Single().GetProperty("at").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(reset);
        project.Passes().ShouldBe(new Dictionary<string, bool> { ["CL-9"] = true });
        using var state = JsonDocument.Parse(project.Read(".pace/run/state.json"));
        state.RootElement.GetProperty("consecutiveFailures").GetInt32().ShouldBe(0);
        state.RootElement.GetProperty("sessionsRun").GetInt32().ShouldBe(1);
        (await project.SubjectsAsync()).ShouldBe(["feat(core): CL-9 - greet.sh prints hello", "sample project", "init"]);
        await project.ShouldHaveKeptTheSecretAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task A_Codex_rate_limit_that_outlasts_its_own_retry_pauses_the_run_and_the_feature_is_then_built_with_no_failure_counted()
    {
        // Codex 0.169 retries a 429 itself as a stream retry ("Reconnecting... 1/5"), waiting what
        // retry-after asks; the provider's request_max_retries does not apply to it (measured: one
        // request with request_max_retries = 2 and stream_max_retries = 0). stream_max_retries = 1
        // (given with -c in the agent's args) keeps it to one retry a second later, inside the 5 s
        // window (with its default 5, a second apart, Codex would outlast the window itself and the
        // pause would not show). Codex then ends with only
        // "exceeded retry limit, last status: 429 Too Many Requests": no reset time, so Pace backs
        // off (backoffSeconds 5) and the next session comes after the window.
        await using var project = await PaceProject.CreateAsync(clis, [new("CX-9", "greet.sh prints hello", "SCRIPT-CODEX-WINDOW")],
            new ProjectSettings { Agent = "codex", UsageJitterSeconds = 0, UsageBackoffSeconds = 5, CodexStreamRetries = 1 });
        var window = new RateLimited(TimeSpan.FromSeconds(5)) { RetryAfter = TimeSpan.FromSeconds(1) };
        project.Script("SCRIPT-CODEX-WINDOW",
            window,
            new WriteFile(project.PathOf("greet.sh"), "echo hello\n"),
            new WriteFile(project.PathOf("tests/greet.sh"), "[ \"$(sh greet.sh)\" = hello ]\n"),
            new Say("CX-9 done."));

        var run = await project.RunAsync("run", "--max-failures", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("API retry 1 (HTTP 429)", customMessage: run.ToString());
        run.Stdout.ShouldContain("(codex, rate limited (429)): not counted as a failure", customMessage: run.ToString());
        project.Server.Requests.Count(r => r.Answer.StartsWith("429", StringComparison.Ordinal)).ShouldBe(2, "the first request and Codex's one retry");
        ShouldHavePausedOnceUntilAfterTheReset(project, window, "(codex, rate limited (429))");
        project.Passes().ShouldBe(new Dictionary<string, bool> { ["CX-9"] = true });
        (await project.SubjectsAsync()).ShouldBe(["feat(core): CX-9 - greet.sh prints hello", "sample project", "init"]);
        await project.ShouldHaveKeptTheSecretAsync();
    }

    [Fact(Timeout = 150_000)]
    public async Task A_Codex_usage_limit_pauses_the_run_until_the_end_of_the_minute_Codex_names_and_the_feature_is_then_built()
    {
        // A ChatGPT plan's window: Codex does not retry usage_limit_reached and ends with "You’ve hit
        // your usage limit. ... or try again at 3:17 AM." (local time, the seconds cut). Pace reads that
        // time and waits to the end of the minute: from 2 s up to a minute past the real reset.
        await using var project = await PaceProject.CreateAsync(clis, [new("CX-8", "greet.sh prints hello", "SCRIPT-CODEX-PLAN")],
            new ProjectSettings { Agent = "codex", UsageJitterSeconds = 0 });
        var window = new RateLimited(TimeSpan.FromSeconds(2)) { Plan = "plus" };
        project.Script("SCRIPT-CODEX-PLAN",
            window,
            new WriteFile(project.PathOf("greet.sh"), "echo hello\n"),
            new WriteFile(project.PathOf("tests/greet.sh"), "[ \"$(sh greet.sh)\" = hello ]\n"),
            new Say("CX-8 done."));

        var run = await project.RunAsync("run", "--max-failures", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Read(".pace/sessions/0001/transcript.jsonl").ShouldContain("purchase more credits or try again at ");
        run.Stdout.ShouldContain("(codex, usage limit reached): not counted as a failure", customMessage: run.ToString());
        project.Server.Requests.Count(r => r.Answer.StartsWith("429", StringComparison.Ordinal)).ShouldBe(1, "Codex does not retry a usage limit");
        var reset = window.ResetsAt!.Value;
        var endOfMinute = new DateTimeOffset(reset.UtcTicks - reset.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
        ShouldHavePausedOnceUntilAfterTheReset(project, window, "(codex, usage limit reached)").ShouldBe(endOfMinute);
        project.Passes().ShouldBe(new Dictionary<string, bool> { ["CX-8"] = true });
        await project.ShouldHaveKeptTheSecretAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task A_Gemini_quota_error_pauses_the_run_for_the_retry_delay_and_the_feature_is_then_built_with_no_failure_counted()
    {
        // Gemini CLI 0.61 retries a 429 itself, up to general.maxAttempts (10) attempts, waiting the
        // RetryInfo retryDelay (at least 5 s) when it is at most 300 s. The server asks for the time
        // left in the window, so a retry of the CLI's own would simply succeed: general.maxAttempts = 1
        // in settings.json hands the 429 to Pace at once, as when a window outlasts the CLI's ten
        // attempts. Gemini ends with "[API Error: You exceeded your current quota, ... Please retry in
        // N.NNNs.\nSuggested retry after Ns.]": Pace waits the delay asked for.
        await using var project = await PaceProject.CreateAsync(clis, [new("GM-9", "greet.sh prints hello", "SCRIPT-GEMINI-WINDOW")],
            new ProjectSettings { Agent = "gemini", UsageJitterSeconds = 0, GeminiMaxAttempts = 1 });
        var window = new RateLimited(TimeSpan.FromSeconds(5));
        project.Script("SCRIPT-GEMINI-WINDOW",
            window,
            new WriteFile(project.PathOf("greet.sh"), "echo hello\n"),
            new WriteFile(project.PathOf("tests/greet.sh"), "[ \"$(sh greet.sh)\" = hello ]\n"),
            new Say("GM-9 done."));

        var run = await project.RunAsync("run", "--max-failures", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("(gemini, quota exhausted (429)): not counted as a failure", customMessage: run.ToString());
        project.Server.Requests.Count(r => r.Answer.StartsWith("429", StringComparison.Ordinal)).ShouldBe(1, "maxAttempts 1: no retry by the CLI");
        ShouldHavePausedOnceUntilAfterTheReset(project, window, "(gemini, quota exhausted (429))");
        project.Passes().ShouldBe(new Dictionary<string, bool> { ["GM-9"] = true });
        (await project.SubjectsAsync()).ShouldBe(["feat(core): GM-9 - greet.sh prints hello", "sample project", "init"]);
        await project.ShouldHaveKeptTheSecretAsync();
    }

    /// <summary>
    /// One pause, saved and journalled, waited out past the reset; the session it cost is neither a
    /// failure nor counted. Returns the time the pause was to end.
    /// </summary>
    private static DateTimeOffset ShouldHavePausedOnceUntilAfterTheReset(PaceProject project, RateLimited window, string agentAndReason)
    {
        var reset = window.ResetsAt!.Value;
        var paused = Journal(project, "paused").Single().GetProperty("detail").GetString()!;
        paused.ShouldStartWith("until ");
        paused.ShouldEndWith(agentAndReason);
        var until = DateTimeOffset.Parse(paused["until ".Length..paused.IndexOf(' ', "until ".Length)], System.Globalization.CultureInfo.InvariantCulture);
        until.ShouldBeGreaterThanOrEqualTo(reset);
        Journal(project, "resumed").Single().GetProperty("at").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(reset);
        using var state = JsonDocument.Parse(project.Read(".pace/run/state.json"));
        state.RootElement.GetProperty("consecutiveFailures").GetInt32().ShouldBe(0);
        state.RootElement.GetProperty("sessionsRun").GetInt32().ShouldBe(1);
        return until;
    }
}
