namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>
/// What the scripted model does for one turn. Each protocol renders a step in its own wire format
/// and with the tool names the CLI offered in the request.
/// </summary>
public abstract record ScriptStep
{
    /// <summary>Pause between two streamed events (a slow model); zero streams at once.</summary>
    public TimeSpan EventDelay { get; init; }

    /// <summary>Text said before the step's tool call (or the whole answer for <see cref="Say"/>).</summary>
    public string? Text { get; init; }
}

/// <summary>Say text and end the turn.</summary>
public sealed record Say : ScriptStep
{
    public Say(string text) => Text = text;
}

/// <summary>Create a file with the CLI's own write tool (Claude Write, Codex apply_patch, Gemini write_file).</summary>
public sealed record WriteFile(string Path, string Content) : ScriptStep;

/// <summary>Run a shell command with the CLI's own shell tool (Claude Bash, Codex exec_command/shell, Gemini run_shell_command).</summary>
public sealed record RunShell(string Command) : ScriptStep;

/// <summary>Answer with an HTTP error whose body has the API's own error shape.</summary>
public sealed record Fail(int Status, string Message) : ScriptStep;

/// <summary>
/// A usage window that closes at the script's first request and resets <see cref="Length"/> later
/// (whole seconds: the header carries epoch seconds). Until then every request of the script is
/// answered with a 429 in the API's own shape (Anthropic: rate_limit_error with the unified
/// rate-limit headers a subscription gets; OpenAI: rate_limit_exceeded with retry-after and
/// x-ratelimit-* headers; Gemini: RESOURCE_EXHAUSTED with QuotaFailure and RetryInfo); from then on
/// the script goes on as if this step were not there. Timed from the first request, not from the
/// test's start, so that a slow start on a loaded machine cannot miss the window.
/// </summary>
public sealed record RateLimited(TimeSpan Length, string Window = "five_hour") : ScriptStep
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _resetsAt;

    /// <summary>
    /// A ChatGPT plan (e.g. "plus") whose usage window this is: OpenAI answers usage_limit_reached with
    /// resets_at instead of the API's per-minute rate_limit_exceeded. Null: the API's rate limit.
    /// </summary>
    public string? Plan { get; init; }

    /// <summary>The wait each 429 asks for (retry-after, retryDelay); null: the time left in the window.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>What a 429 at <paramref name="now"/> asks the client to wait.</summary>
    public TimeSpan RetryAfterAt(DateTimeOffset now) =>
        RetryAfter ?? (ResetsAt is { } reset && reset > now ? reset - now : TimeSpan.Zero);

    /// <summary>When the window resets; null before the script's first request.</summary>
    public DateTimeOffset? ResetsAt
    {
        get
        {
            lock (_gate)
            {
                return _resetsAt;
            }
        }
    }

    /// <summary>Whether a request at <paramref name="now"/> is refused (the first one opens the window).</summary>
    public bool Refuses(DateTimeOffset now)
    {
        lock (_gate)
        {
            _resetsAt ??= DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + (long)Math.Ceiling(Length.TotalSeconds));
            return now < _resetsAt;
        }
    }
}

/// <summary>Start streaming the text, then close the connection before the answer is complete.</summary>
public sealed record DropConnection : ScriptStep
{
    public DropConnection(string text) => Text = text;
}
