namespace Pace.Core.Notifications;

/// <summary>pace.json <c>pace.notify</c>: where notices go, which ones, and how long one may take.</summary>
/// <param name="Command">Run by <c>sh -c</c> in the repository with the notice as JSON on standard input.</param>
/// <param name="Webhook">An http(s) URL the notice is POSTed to; <c>${NAME}</c> takes the value of Pace's environment variable.</param>
/// <param name="Events">The kinds to send; null sends every kind.</param>
public sealed record NotifySettings(string? Command, string? Webhook, IReadOnlyList<string>? Events, TimeSpan Timeout)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The largest <c>timeoutSeconds</c>: a notice must never hold a run up for long.</summary>
    public const int MaxTimeoutSeconds = 120;

    public bool Wants(string kind) => Events is null || Events.Contains(kind, StringComparer.Ordinal);
}
