using System.Globalization;
using System.Text.RegularExpressions;

namespace Pace.Adapters.Agents.Streams;

internal static partial class UsageLimits
{
    /// <summary>A time that passed at most this long ago was the reset of this limit (the line was read late), not tomorrow's.</summary>
    private static readonly TimeSpan JustPassed = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Codex's "try again at 12:04 PM." (a reset later today, in the local time of the machine) or
    /// "try again at Jan 5th, 2027 12:04 PM." (another day). Codex cuts the seconds, so the reset is
    /// taken at the end of that minute, never before the real one. A time of day already past is
    /// tomorrow's, unless it passed only minutes ago (then it is the reset of this limit, already due).
    /// </summary>
    public static DateTimeOffset? TryAgainAt(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (TryAgain().Match(text) is not { Success: true } m
            || !int.TryParse(m.Groups["hour"].Value, CultureInfo.InvariantCulture, out var hour) || hour is < 1 or > 12
            || !int.TryParse(m.Groups["minute"].Value, CultureInfo.InvariantCulture, out var minute) || minute > 59)
        {
            return null;
        }

        var pm = m.Groups["half"].Value.Equals("PM", StringComparison.OrdinalIgnoreCase);
        var time = new TimeSpan(hour % 12 + (pm ? 12 : 0), minute, 0) + TimeSpan.FromMinutes(1);
        if (m.Groups["month"].Success)
        {
            return DateTime.TryParseExact($"{m.Groups["month"].Value} {m.Groups["day"].Value} {m.Groups["year"].Value}", "MMM d yyyy",
                    CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? Local(date + time, zone)
                : null;
        }

        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        return new[] { today.AddDays(-1), today, today.AddDays(1) }
            .Select(day => Local(day + time, zone))
            .First(reset => reset > now - JustPassed);
    }

    private static DateTimeOffset Local(DateTime wallClock, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        // A wall-clock time skipped by a daylight-saving change does not exist: take the hour after it.
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }

    [GeneratedRegex(@"(?i)try again at (?:(?<month>[a-z]{3}) (?<day>\d{1,2})(?:st|nd|rd|th)?, (?<year>\d{4}),? )?(?<hour>\d{1,2}):(?<minute>\d{2}) ?(?<half>[AP]M)\b")]
    private static partial Regex TryAgain();
}
