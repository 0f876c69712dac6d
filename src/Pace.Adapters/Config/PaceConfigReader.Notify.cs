using System.Text.Json;
using System.Text.RegularExpressions;
using Pace.Core.Notifications;

namespace Pace.Adapters.Config;

// pace.notify: a command and/or a webhook, the events to send, a timeout (docs/notifications.md).
public sealed partial class PaceConfigReader
{
    private NotifySettings? ReadNotify(JsonElement pace)
    {
        const string at = "pace.notify";
        if (!pace.TryGetProperty("notify", out var notify) || !Expect(notify, JsonValueKind.Object, at))
        {
            return null;
        }

        var command = String(notify, "command", at);
        if (command is not null && command.Trim().Length == 0)
        {
            Error(at + ".command", "\"pace.notify.command\" must not be empty");
            command = null;
        }

        var webhook = String(notify, "webhook", at);
        // ${NAME} is expanded when a run starts (a token kept out of pace.json); here only the URL's shape is checked.
        if (webhook is not null && !(Uri.TryCreate(Reference().Replace(webhook, "x"), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            Error(at + ".webhook", "\"pace.notify.webhook\" must be an http:// or https:// URL");
            webhook = null;
        }

        var events = StringList(notify, "events", at);
        for (var i = 0; i < (events?.Count ?? 0); i++)
        {
            if (!NoticeKinds.All.Contains(events![i], StringComparer.Ordinal))
            {
                Error($"{at}.events[{i}]", $"unknown event \"{events[i]}\"; use {string.Join(", ", NoticeKinds.All)}");
            }
        }

        var seconds = Int(notify, "timeoutSeconds", at, min: 1);
        if (seconds > NotifySettings.MaxTimeoutSeconds)
        {
            Error(at + ".timeoutSeconds", $"\"pace.notify.timeoutSeconds\" must be at most {NotifySettings.MaxTimeoutSeconds}: a notification must not hold a run up; found {seconds}");
        }

        if (command is null && webhook is null && !notify.TryGetProperty("command", out _) && !notify.TryGetProperty("webhook", out _))
        {
            Error(at, "\"pace.notify\" needs \"command\" (run with each event as JSON on standard input) or \"webhook\" (a URL each event is POSTed to)");
        }

        return new NotifySettings(command, webhook, events, seconds is { } s ? TimeSpan.FromSeconds(s) : NotifySettings.DefaultTimeout);
    }

    /// <summary>${NAME} in the webhook URL: the value of Pace's environment variable NAME.</summary>
    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    internal static partial Regex Reference();
}
