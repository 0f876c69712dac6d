using Pace.Adapters.Agents.Streams;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

/// <summary>Usage windows, 429s and 529s as the real CLIs print them (docs/agents.md): limits that lift, not failures.</summary>
public sealed class UsageLimitParsingTests
{
    [Fact]
    public void Claude_codes_rejected_rate_limit_event_is_a_usage_window_with_its_reset_time()
    {
        var parser = new ClaudeStreamParser();
        var events = StreamFeed.Lines(
            parser,
            """{"type":"system","subtype":"init","session_id":"s1","model":"claude-sonnet-4-5"}""",
            """{"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":1796472264,"rateLimitType":"five_hour","isUsingOverage":false},"session_id":"s1"}""",
            """{"type":"assistant","message":{"id":"m1","model":"<synthetic>","content":[{"type":"text","text":"You've hit your session limit · resets 12:04pm (UTC)"}]},"error":"rate_limit","session_id":"s1"}""",
            """{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"result":"You've hit your session limit · resets 12:04pm (UTC)","session_id":"s1","num_turns":1}""");

        parser.State.Limit.ShouldBe(new UsageLimit("five_hour limit", DateTimeOffset.FromUnixTimeSeconds(1796472264)));
        parser.State.ClaimsSuccess.ShouldBeFalse();
        parser.State.UnparsedLines.ShouldBe(0);
        events.OfType<AgentUsageLimited>().Single().Warning.ShouldBeFalse();
    }

    [Fact]
    public void The_real_claude_code_hitting_its_session_limit_is_read_as_a_five_hour_window_with_its_reset()
    {
        // Captured from Claude Code 2.1.197 (subscription auth) against a server answering 429 with the unified rate-limit headers.
        var parser = new ClaudeStreamParser();
        StreamFeed.Transcript(parser, "claude-14_oauth_429_session_limit.jsonl");

        parser.State.Limit.ShouldBe(new UsageLimit("five_hour limit", DateTimeOffset.FromUnixTimeSeconds(1796503150)));
        parser.State.FinalMessage.ShouldBe("You've hit your session limit · resets 8:39pm (UTC)");
        parser.State.UnparsedLines.ShouldBe(0);
    }

    [Fact]
    public void Claude_codes_429_and_529_after_its_own_retries_are_limits_with_no_reset_time()
    {
        var limited = new ClaudeStreamParser();
        StreamFeed.Lines(
            limited,
            """{"type":"system","subtype":"api_retry","attempt":1,"max_retries":1,"retry_delay_ms":18000,"error_status":429,"error":"rate_limit"}""",
            """{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"result":"API Error: Request rejected (429) · rate limited","session_id":"s"}""");
        var overloaded = new ClaudeStreamParser();
        StreamFeed.Lines(overloaded, """{"type":"result","subtype":"success","is_error":true,"api_error_status":529,"result":"API Error: Overloaded","session_id":"s"}""");

        limited.State.Limit.ShouldBe(new UsageLimit("rate limited (429)", null));
        overloaded.State.Limit.ShouldBe(new UsageLimit("overloaded (529)", null));
    }

    [Fact]
    public void Claude_codes_warning_is_recorded_and_a_session_that_went_on_is_no_limit()
    {
        var parser = new ClaudeStreamParser();
        var events = StreamFeed.Lines(
            parser,
            """{"type":"rate_limit_event","rate_limit_info":{"status":"allowed_warning","resetsAt":1796472264,"rateLimitType":"seven_day"},"session_id":"s"}""",
            """{"type":"result","subtype":"success","is_error":false,"result":"done","session_id":"s"}""");

        parser.State.Limit.ShouldBeNull();
        parser.State.LimitWarning!.Reason.ShouldBe("seven_day limit");
        parser.State.ClaimsSuccess.ShouldBeTrue();
        events.OfType<AgentUsageLimited>().Single().Warning.ShouldBeTrue();
    }

    [Fact]
    public void A_failure_that_only_talks_about_rate_limits_is_not_a_limit()
    {
        var parser = new ClaudeStreamParser();
        StreamFeed.Lines(parser, """{"type":"result","subtype":"error_max_turns","is_error":true,"result":"I was adding the rate limit middleware (429 Too Many Requests)","session_id":"s"}""");

        parser.State.Limit.ShouldBeNull();
    }

    [Theory]
    [InlineData("You’ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit https://chatgpt.com/settings/usage to purchase more credits or try again at 12:04 PM.", "usage limit reached")]
    [InlineData("exceeded retry limit, last status: 429 Too Many Requests", "rate limited (429)")]
    public void Codexs_usage_limit_and_429_are_limits(string message, string reason)
    {
        // Measured with Codex 0.169.0 against a server answering 429 (usage_limit_reached, then rate_limit_exceeded).
        var parser = new CodexStreamParser();
        StreamFeed.Lines(
            parser,
            """{"type":"thread.started","thread_id":"t1"}""",
            """{"type":"turn.started"}""",
            $$"""{"type":"error","message":"{{message}}"}""",
            $$$"""{"type":"turn.failed","error":{"message":"{{{message}}}"}}""");

        // The reset of "try again at 12:04 PM" depends on the clock: CodexGeminiLimitTests covers it.
        parser.State.Limit!.Reason.ShouldBe(reason);
        parser.State.ClaimsSuccess.ShouldBeFalse();
    }

    [Fact]
    public void Codexs_server_error_is_no_limit()
    {
        var parser = new CodexStreamParser();
        StreamFeed.Transcript(parser, "codex-11_http500.jsonl");

        parser.State.Limit.ShouldBeNull();
    }

    [Fact]
    public void Geminis_resource_exhausted_is_a_limit_with_the_retry_delay_the_api_asked_for()
    {
        var parser = new GeminiStreamParser();
        StreamFeed.Lines(
            parser,
            """{"type":"init","session_id":"g1","model":"gemini-2.5-pro"}""",
            """{"type":"result","status":"error","error":{"type":"unknown","message":"[API Error: {\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"12s\"}]}}]"},"stats":{"total_tokens":0,"tool_calls":0}}""");

        parser.State.Limit.ShouldBe(new UsageLimit("quota exhausted (429)", null) { RetryAfter = TimeSpan.FromSeconds(12) });
    }

    [Fact]
    public void Geminis_bad_request_is_no_limit()
    {
        var parser = new GeminiStreamParser();
        StreamFeed.Transcript(parser, "gemini-03_http400.jsonl");

        parser.State.Limit.ShouldBeNull();
    }
}
