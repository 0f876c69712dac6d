using Pace.Core.Loop;

namespace Pace.Core.Notifications;

/// <summary>
/// Something a person may want to hear about while nobody watches the terminal (docs/notifications.md).
/// The kinds are <see cref="NoticeKinds"/>; the fields that do not apply stay null.
/// </summary>
public sealed record Notice(string Kind, DateTimeOffset At, string Message)
{
    /// <summary>The feature loop's run id.</summary>
    public string? Run { get; init; }

    public string? Spec { get; init; }

    public int? Wave { get; init; }

    public string? Feature { get; init; }

    public string? Task { get; init; }

    /// <summary>Why the run ended: the loop's stop reason as `pace run --json` spells it, or a spec run's status.</summary>
    public string? StopReason { get; init; }

    public int? Passing { get; init; }

    public int? Total { get; init; }

    public PauseState? Pause { get; init; }

    public int? PullRequest { get; init; }

    /// <summary>What a person does next, as a command line, where Pace waits for one.</summary>
    public string? NextAction { get; init; }
}
