using Pace.Adapters.Config;
using Pace.Adapters.Security;
using Pace.Core.Notifications;

namespace Pace.Adapters.Notifications;

/// <summary>
/// Sends the notices of pace.notify (docs/notifications.md) to its command and its webhook. Nothing
/// here may stop or slow a run: <see cref="Send"/> only queues, each target has a lane of its own,
/// every attempt is bounded by the timeout, failures are logged, and at the end <see cref="DisposeAsync"/>
/// waits at most the timeout and two seconds for what is still queued (the run's last notice).
/// </summary>
public sealed class Notifier : INotifier, IAsyncDisposable
{
    private static readonly TimeSpan FlushGrace = TimeSpan.FromSeconds(2);

    private readonly NotifySettings _settings;
    private readonly string _project;
    private readonly Action<string> _log;
    private readonly List<NoticeLane> _lanes = [];
    private readonly HttpClient? _http;

    private Notifier(NotifySettings settings, string root, Action<string> log)
    {
        _settings = settings;
        _project = Path.GetFileName(Path.TrimEndingDirectorySeparator(root));
        _log = log;
        if (settings.Command is { } command)
        {
            _lanes.Add(new NoticeLane(new CommandTarget(command, root), settings.Timeout, log));
        }

        if (settings.Webhook is { } webhook && Expand(webhook, log) is { } url)
        {
            _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = settings.Timeout }) { Timeout = Timeout.InfiniteTimeSpan };
            _lanes.Add(new NoticeLane(new WebhookTarget(_http, url), settings.Timeout, log));
        }
    }

    /// <summary>The notifier of <paramref name="settings"/>, or null when pace.json has no notify section.</summary>
    /// <param name="root">The repository: the command runs there, and its folder's name is the notices' project.</param>
    /// <param name="log">Where failures to notify are told (one line each, without the webhook's URL).</param>
    public static Notifier? Start(NotifySettings? settings, string root, Action<string> log) =>
        settings is null ? null : new Notifier(settings, root, line => Log(log, line));

    public void Send(Notice notice)
    {
        try
        {
            if (!_settings.Wants(notice.Kind) || _lanes.Count == 0)
            {
                return;
            }

            var redactor = Secrets.Current;
            var outgoing = new Outgoing(notice, NoticeJson.Write(notice, _project, redactor), NoticeJson.Variables(notice, _project, redactor));
            foreach (var lane in _lanes)
            {
                lane.Post(outgoing);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log($"the {notice.Kind} notification was not sent: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_lanes.Select(lane => lane.FlushAsync(_settings.Timeout + FlushGrace))).ConfigureAwait(false);
        foreach (var lane in _lanes)
        {
            lane.Dispose();
        }

        _http?.Dispose();
    }

    /// <summary>The webhook's URL with ${NAME} expanded; each value and the URL itself become secrets. Null (logged) when a variable is not set.</summary>
    private static Uri? Expand(string webhook, Action<string> log)
    {
        var missing = new List<string>();
        var expanded = PaceConfigReader.Reference().Replace(webhook, match =>
        {
            var value = Environment.GetEnvironmentVariable(match.Groups[1].Value);
            if (string.IsNullOrEmpty(value))
            {
                missing.Add(match.Value);
                return "";
            }

            Secrets.LearnValue(value);
            return value;
        });
        if (missing.Count > 0)
        {
            log($"the webhook is off for this run: {string.Join(", ", missing)} not set in Pace's environment");
            return null;
        }

        Secrets.LearnValue(expanded);
        if (Uri.TryCreate(expanded, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            if (!string.IsNullOrEmpty(url.UserInfo))
            {
                Secrets.LearnValue(url.UserInfo);
            }

            return url;
        }

        log("the webhook is off for this run: with its variables filled in, it is not an http:// or https:// URL");
        return null;
    }

    private static readonly Lock LogGate = new();

    private static void Log(Action<string> log, string line)
    {
        // The lanes' workers log from other threads: one line at a time, and a broken log never reaches the run.
        lock (LogGate)
        {
            try
            {
                log(Secrets.Redact(line));
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
            }
        }
    }
}
