using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pace.Adapters.Security;

namespace Pace.Cli.Dashboard;

/// <summary>
/// The dashboard's HTTP side, on <see cref="HttpListener"/> (docs/dashboard.md says why not a web
/// framework): the page and its script, the snapshot, the update stream, transcripts, and the
/// actions. Every answer leaves through <see cref="Send"/> or <see cref="SendEvent"/>, which pass it
/// through the process's redactor, as the terminal's writers do.
/// </summary>
internal sealed class DashboardServer : IDisposable
{
    /// <summary>The header that carries the page's action token.</summary>
    public const string ActionHeader = "X-Pace-Token";

    /// <summary>The cookie that carries the access token once the page was opened with it (its name ends with the port: a browser sends a host's cookies to all its ports).</summary>
    public const string AccessCookie = "pace_access_";

    /// <summary>The largest part of a transcript a page is sent (its end).</summary>
    private const int TranscriptBytes = 2 * 1024 * 1024;

    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private readonly HttpListener _listener;
    private readonly DashboardFeed _feed;
    private readonly DashboardActions _actions;
    private readonly DashboardAccess _access;
    private readonly CancellationTokenSource _stopping = new();

    public DashboardServer(HttpListener listener, DashboardFeed feed, DashboardActions actions, DashboardAccess access)
    {
        _listener = listener;
        _feed = feed;
        _actions = actions;
        _access = access;
    }

    /// <summary>Answers requests until <paramref name="cancellationToken"/> ends; each on its own task.</summary>
    public async Task ServeAsync(CancellationToken cancellationToken)
    {
        using var stop = cancellationToken.Register(() => _stopping.Cancel());
        var ticker = TickAsync(_stopping.Token);
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                break;
            }

            _ = Task.Run(() => HandleAsync(context), CancellationToken.None);
        }

        await ticker.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Close();
        _stopping.Dispose();
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(DashboardFeed.Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                _feed.TryRefresh();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var verdict = _access.Check(request);
            if (verdict == DashboardAccess.Verdict.WrongHost)
            {
                await SendAsync(response, 421, "text/plain", "pace dashboard: unknown Host header (open the dashboard by the address it printed)").ConfigureAwait(false);
                return;
            }

            var path = request.Url?.AbsolutePath ?? "/";
            if (verdict == DashboardAccess.Verdict.OpenedWithToken)
            {
                response.AppendHeader("Set-Cookie", _access.Cookie());
                response.Redirect("/");
                response.Close();
                return;
            }

            if (verdict == DashboardAccess.Verdict.NoAccess)
            {
                await SendAsync(response, 401, "text/plain", "pace dashboard: this dashboard needs its access token: open it once as /?access=TOKEN (the value of PACE_DASHBOARD_TOKEN where it was started)").ConfigureAwait(false);
                return;
            }

            switch (request.HttpMethod, path)
            {
                case ("GET", "/"):
                    await SendAsync(response, 200, "text/html; charset=utf-8", Page()).ConfigureAwait(false);
                    return;
                case ("GET", "/app.js"):
                    await SendAsync(response, 200, "text/javascript; charset=utf-8", Resource("app.js")).ConfigureAwait(false);
                    return;
                case ("GET", "/app.css"):
                    await SendAsync(response, 200, "text/css; charset=utf-8", Resource("app.css")).ConfigureAwait(false);
                    return;
                case ("GET", "/api/snapshot"):
                    _feed.TryRefresh();
                    await SendAsync(response, 200, "application/json", _feed.Since(0).Json).ConfigureAwait(false);
                    return;
                case ("GET", "/api/events"):
                    await EventsAsync(request, response).ConfigureAwait(false);
                    return;
                case ("GET", "/api/transcript"):
                    await TranscriptAsync(request, response).ConfigureAwait(false);
                    return;
                case ("POST", _) when path.StartsWith("/api/", StringComparison.Ordinal):
                    await ActionAsync(request, response, path).ConfigureAwait(false);
                    return;
                default:
                    await SendAsync(response, 404, "text/plain", "not found").ConfigureAwait(false);
                    return;
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The page went away mid-answer.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await TrySendAsync(response, 500, $"pace dashboard: could not answer: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }
    }

    private string Page() => Resource("index.html").Replace("{{ACTION_TOKEN}}", _access.ActionToken, StringComparison.Ordinal);

    private async Task EventsAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        long.TryParse(request.QueryString["since"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var since);
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.AddHeader("Cache-Control", "no-store");
        response.SendChunked = true;
        var output = response.OutputStream;
        await WriteAsync(output, "retry: 1000\n\n").ConfigureAwait(false);
        long.TryParse(request.QueryString["list"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var list);
        long version = -1;
        while (!_stopping.IsCancellationRequested)
        {
            var (json, sequence, current, listVersion) = _feed.Since(since, list);
            if (current != version)
            {
                await SendEventAsync(output, "update", json).ConfigureAwait(false);
                version = current;
                since = sequence;
                list = listVersion;
            }
            else
            {
                await WriteAsync(output, ": alive\n\n").ConfigureAwait(false);
            }

            await _feed.WaitAsync(version, KeepAlive, _stopping.Token).ConfigureAwait(false);
        }
    }

    private async Task TranscriptAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        var relative = request.QueryString["path"] ?? "";
        var full = TranscriptPath(relative);
        if (full is null)
        {
            await SendAsync(response, 404, "text/plain", "no such transcript under .pace").ConfigureAwait(false);
            return;
        }

        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = Math.Max(0, stream.Length - TranscriptBytes);
        stream.Position = start;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        var note = start > 0 ? $"(the transcript's last {TranscriptBytes / 1024 / 1024} MiB; the whole file is {full})\n" : "";
        await SendAsync(response, 200, "text/plain; charset=utf-8", note + text).ConfigureAwait(false);
    }

    /// <summary>
    /// The transcript or log a page asks for by its path under .pace, or null: only a .jsonl or .log
    /// file under .pace, reached through no symbolic link (a link there could lead anywhere).
    /// </summary>
    private string? TranscriptPath(string relative)
    {
        if (relative.Length == 0 || relative.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }

        var pace = Path.GetFullPath(_feed.Data.PaceFolder);
        var full = Path.GetFullPath(Path.Combine(pace, relative));
        var name = Path.GetFileName(full);
        if (!full.StartsWith(pace + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || !(name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".log", StringComparison.Ordinal))
            || !File.Exists(full))
        {
            return null;
        }

        for (var at = full; at.Length > pace.Length; at = Path.GetDirectoryName(at)!)
        {
            FileSystemInfo info = at == full ? new FileInfo(at) : new DirectoryInfo(at);
            if (info.LinkTarget is not null)
            {
                return null;
            }
        }

        return full;
    }

    private async Task ActionAsync(HttpListenerRequest request, HttpListenerResponse response, string path)
    {
        if (!_access.ActionAllowed(request))
        {
            await SendAsync(response, 403, "application/json", Answer(false, "refused: an action needs the page's token (open the dashboard again)")).ConfigureAwait(false);
            return;
        }

        Dictionary<string, string> form;
        try
        {
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            var body = await ReadLimitedAsync(reader).ConfigureAwait(false);
            form = body.Length == 0 ? [] : JsonSerializer.Deserialize(body, DashboardJson.Default.DictionaryStringString) ?? [];
        }
        catch (JsonException)
        {
            await SendAsync(response, 400, "application/json", Answer(false, "the request is not a JSON object of strings")).ConfigureAwait(false);
            return;
        }

        var spec = form.GetValueOrDefault("spec") ?? "";
        DashboardActions.Outcome outcome = path switch
        {
            "/api/review" when form.GetValueOrDefault("verdict") is "approve" or "request-changes" =>
                await _actions.ReviewAsync(spec, form["verdict"] == "approve", form.GetValueOrDefault("message"), _stopping.Token).ConfigureAwait(false),
            "/api/review" => new(false, "verdict must be approve or request-changes"),
            "/api/merge" => await _actions.ConfirmMergeAsync(spec, _feed.Data.WaitsForFinalMerge(spec), _stopping.Token).ConfigureAwait(false),
            "/api/stop" => _actions.Stop(),
            _ => new(false, "no such action"),
        };
        _feed.TryRefresh(force: true);
        await SendAsync(response, outcome.Done ? 200 : 409, "application/json", Answer(outcome.Done, outcome.Message)).ConfigureAwait(false);
    }

    private static async Task<string> ReadLimitedAsync(StreamReader reader)
    {
        var buffer = new char[16 * 1024];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(read)).ConfigureAwait(false);
            if (n == 0)
            {
                return new string(buffer, 0, read);
            }

            read += n;
        }

        throw new JsonException("the request is larger than 16 KiB");
    }

    private static string Answer(bool done, string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteBoolean("done", done);
            w.WriteString("message", message);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static async Task TrySendAsync(HttpListenerResponse response, int status, string text)
    {
        try
        {
            await SendAsync(response, status, "text/plain; charset=utf-8", text).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Headers already sent, or the page went away: nothing more to say.
        }
    }

    /// <summary>The one way out of a whole answer: redacted, then sent.</summary>
    private static async Task SendAsync(HttpListenerResponse response, int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(Secrets.Redact(body));
        response.StatusCode = status;
        response.ContentType = contentType;
        response.AddHeader("Cache-Control", "no-store");
        response.AddHeader("X-Content-Type-Options", "nosniff");
        response.AddHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
    }

    /// <summary>The one way out of an update: redacted, then sent as one server-sent event.</summary>
    private static Task SendEventAsync(Stream output, string name, string json) =>
        WriteAsync(output, $"event: {name}\ndata: {Secrets.Redact(json).ReplaceLineEndings("\ndata: ")}\n\n");

    private static async Task WriteAsync(Stream output, string text)
    {
        await output.WriteAsync(Encoding.UTF8.GetBytes(text)).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("dashboard/" + name)
            ?? throw new InvalidOperationException($"the page's {name} is missing from the program");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class DashboardJson : System.Text.Json.Serialization.JsonSerializerContext;
