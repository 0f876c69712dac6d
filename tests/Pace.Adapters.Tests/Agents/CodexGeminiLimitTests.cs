using Pace.Adapters.Agents.Streams;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

/// <summary>
/// Codex's and Gemini's own output on a 429, captured from Codex 0.169.0 and Gemini CLI 0.61.0 against
/// a server answering with the providers' 429 shapes (Transcripts/*.cmdline.txt says how).
/// </summary>
public sealed class CodexGeminiLimitTests
{
    private static readonly TimeZoneInfo FiveHoursBehind = TimeZoneInfo.CreateCustomTimeZone("test-minus-5", TimeSpan.FromHours(-5), "test-minus-5", "test-minus-5");

    [Fact]
    public void The_real_codex_429_after_its_own_retry_shows_the_retry_with_its_status_and_is_a_rate_limit_with_no_reset_time()
    {
        var parser = new CodexStreamParser();
        var events = StreamFeed.Transcript(parser, "codex-15_429_rate_limit_exceeded.jsonl");

        parser.State.Limit.ShouldBe(new UsageLimit("rate limited (429)", null));
        events.OfType<AgentApiRetried>().ShouldBe([new AgentApiRetried(1, 429)]);
        parser.State.UnparsedLines.ShouldBe(0);
    }

    [Fact]
    public void The_real_codex_usage_limit_lifts_at_the_end_of_the_minute_it_names_today()
    {
        // Printed at 03:15:35 UTC for a reset at 03:17:35: "You’ve hit your usage limit. Try again at 3:17 AM."
        var parser = new CodexStreamParser(new FixedClock(DateTimeOffset.Parse("2026-12-06T03:15:36Z"), TimeZoneInfo.Utc));
        StreamFeed.Transcript(parser, "codex-16_429_usage_limit_reached.jsonl");

        parser.State.Limit.ShouldBe(new UsageLimit("usage limit reached", DateTimeOffset.Parse("2026-12-06T03:18:00Z")));
    }

    [Theory]
    [InlineData("You’ve hit your usage limit. Try again at 3:17 AM.", "2026-12-06T10:00:00Z", "2026-12-07T03:18:00Z")]
    [InlineData("You’ve hit your usage limit. Try again at 3:17 AM.", "2026-12-06T03:19:30Z", "2026-12-06T03:18:00Z")]
    [InlineData("You’ve hit your usage limit. Try again at 11:59 PM.", "2026-12-07T00:00:05Z", "2026-12-07T00:00:00Z")]
    [InlineData("You’ve hit your usage limit. Try again at 12:04 PM.", "2026-12-06T09:00:00Z", "2026-12-06T12:05:00Z")]
    [InlineData("You’ve hit your usage limit. Try again at 12:30 AM.", "2026-12-06T09:00:00Z", "2026-12-07T00:31:00Z")]
    [InlineData("You’ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit https://chatgpt.com/settings/usage to purchase more credits or try again at Jan 5th, 2027 3:04 PM.",
        "2026-12-06T09:00:00Z", "2027-01-05T15:05:00Z")]
    public void Codexs_try_again_at_is_a_time_of_day_later_today_or_tomorrow_once_past(string message, string now, string expected)
    {
        UsageLimits.TryAgainAt(message, DateTimeOffset.Parse(now), TimeZoneInfo.Utc).ShouldBe(DateTimeOffset.Parse(expected));
    }

    [Fact]
    public void Codexs_try_again_at_is_read_in_the_local_time_zone_codex_printed_it_in()
    {
        // Codex with TZ=America/New_York at 03:19 UTC printed "Try again at 10:21 PM." (the evening before, there).
        var reset = UsageLimits.TryAgainAt("You’ve hit your usage limit. Try again at 10:21 PM.", DateTimeOffset.Parse("2026-12-06T03:19:21Z"), FiveHoursBehind);

        reset.ShouldBe(DateTimeOffset.Parse("2026-12-06T03:22:00Z"));
    }

    [Theory]
    [InlineData("exceeded retry limit, last status: 429 Too Many Requests")]
    [InlineData("You’ve hit your usage limit. Try again later.")]
    [InlineData("try again at 13:04 PM")]
    public void A_codex_message_without_a_time_gives_no_reset(string message)
    {
        UsageLimits.TryAgainAt(message, DateTimeOffset.Parse("2026-12-06T09:00:00Z"), TimeZoneInfo.Utc).ShouldBeNull();
    }

    [Fact]
    public void The_real_gemini_quota_error_is_a_limit_waiting_the_retry_delay_gemini_suggests()
    {
        var parser = new GeminiStreamParser();
        StreamFeed.Transcript(parser, "gemini-04_429_retry_info.jsonl");

        parser.State.Limit.ShouldBe(new UsageLimit("quota exhausted (429)", null) { RetryAfter = TimeSpan.FromSeconds(3) });
        parser.State.ClaimsSuccess.ShouldBeFalse();
    }

    [Fact]
    public void The_real_gemini_daily_quota_is_a_limit_not_a_failure()
    {
        // "[API Error: You have exhausted your daily quota on this model.]": no delay given, the run backs off.
        var parser = new GeminiStreamParser();
        StreamFeed.Transcript(parser, "gemini-05_429_daily_quota.jsonl");

        parser.State.Limit.ShouldBe(new UsageLimit("quota exhausted (429)", null));
    }

    private sealed class FixedClock(DateTimeOffset now, TimeZoneInfo zone) : TimeProvider
    {
        public override TimeZoneInfo LocalTimeZone => zone;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
