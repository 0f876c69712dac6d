using System.Globalization;

namespace Pace.Adapters.Forges.GitHub;

public sealed partial class GitHubHttp
{
    private const int MaxRetries = 5;
    private static readonly TimeSpan SecondaryWait = TimeSpan.FromMinutes(1);

    private readonly Lock _rateLock = new();
    private int? _remaining;
    private DateTimeOffset? _reset;

    /// <summary>What GitHub said about the primary rate limit in its last answer (X-RateLimit-Remaining).</summary>
    public int? RateLimitRemaining
    {
        get
        {
            lock (_rateLock)
            {
                return _remaining;
            }
        }
    }

    private void RecordRateLimit(HttpResponseMessage response)
    {
        var remaining = Header(response, "X-RateLimit-Remaining");
        var reset = Header(response, "X-RateLimit-Reset");
        lock (_rateLock)
        {
            if (int.TryParse(remaining, NumberStyles.Integer, CultureInfo.InvariantCulture, out var left))
            {
                _remaining = left;
            }

            if (long.TryParse(reset, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
            {
                _reset = DateTimeOffset.FromUnixTimeSeconds(epoch);
            }
        }
    }

    /// <summary>With no requests left until the reset, wait for the reset instead of spending a request on a 403.</summary>
    private async Task WaitForPrimaryResetAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_rateLock)
        {
            if (_remaining != 0 || _reset is not { } reset || reset <= _time.GetUtcNow())
            {
                return;
            }

            wait = reset - _time.GetUtcNow() + TimeSpan.FromSeconds(1);
            _remaining = null;
        }

        Announce($"GitHub rate limit used up: waiting {Duration(wait)} for its reset (until {Clock(wait)})");
        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// How long to wait before repeating a 403 or 429, as GitHub asks: Retry-After when given, else
    /// the primary limit's reset when none is left, else (a secondary limit) a minute, doubling.
    /// Null when the 403 is not about rate limits at all (a missing permission).
    /// </summary>
    private TimeSpan? RetryDelay(HttpResponseMessage response, string body, int attempt)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - _time.GetUtcNow() : SecondaryWait);
            return delay > TimeSpan.Zero ? delay : TimeSpan.FromSeconds(1);
        }

        lock (_rateLock)
        {
            if (_remaining == 0 && _reset is { } reset)
            {
                _remaining = null;
                var untilReset = reset - _time.GetUtcNow() + TimeSpan.FromSeconds(1);
                return untilReset > TimeSpan.Zero ? untilReset : TimeSpan.FromSeconds(1);
            }
        }

        var secondary = (int)response.StatusCode == 429 || body.Contains("rate limit", StringComparison.OrdinalIgnoreCase);
        return secondary ? SecondaryWait * Math.Pow(2, attempt) : null;
    }

    /// <summary>A wait goes to the request log and to the notices: a run that stands still says why and until when.</summary>
    private void Announce(string line)
    {
        _log(line);
        _notices(line);
    }

    private static string Duration(TimeSpan wait) =>
        wait < TimeSpan.FromMinutes(2) ? $"{Math.Ceiling(wait.TotalSeconds):0} s"
        : wait < TimeSpan.FromHours(1) ? $"{(int)wait.TotalMinutes} min {wait.Seconds} s"
        : $"{(int)wait.TotalHours} h {wait.Minutes} min";

    private string Clock(TimeSpan wait) =>
        (_time.GetUtcNow() + wait).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
