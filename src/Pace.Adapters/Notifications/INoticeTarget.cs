using Pace.Core.Notifications;

namespace Pace.Adapters.Notifications;

/// <summary>A notice on its way: the document (redacted) and the command's variables.</summary>
internal sealed record Outgoing(Notice Notice, string Json, IReadOnlyDictionary<string, string?> Variables);

/// <summary>One place notices go: the command or the webhook.</summary>
internal interface INoticeTarget
{
    /// <summary>How the target is named in messages; never the webhook's URL, which may hold a token.</summary>
    string Name { get; }

    /// <summary>One attempt, bounded by <paramref name="timeout"/>; returns why it failed, or null.</summary>
    Task<string?> SendAsync(Outgoing outgoing, TimeSpan timeout, CancellationToken cancellationToken);
}
