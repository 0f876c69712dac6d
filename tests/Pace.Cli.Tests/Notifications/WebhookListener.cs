using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Pace.Cli.Tests.Notifications;

/// <summary>
/// A webhook on 127.0.0.1 (a port the OS picks) that records each POST's body before it answers
/// 204, so that every notice a finished Pace sent is here. One that hangs reads the request and
/// never answers. <see cref="Refusing"/> names a port nothing listens on.
/// </summary>
internal sealed class WebhookListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _bodies = [];
    private readonly List<string> _requestLines = [];
    private readonly bool _hang;

    public WebhookListener(bool hang = false)
    {
        _hang = hang;
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The URL Pace posts to; its path holds a token, which must never show in Pace's output.</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hooks/{Token}";

    public const string Token = "hook-token-6f1c9a2e7b";

    public static string Refusing()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return $"http://127.0.0.1:{port}/hooks/{Token}";
    }

    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_bodies)
            {
                return [.. _bodies];
            }
        }
    }

    public IReadOnlyList<string> RequestLines
    {
        get
        {
            lock (_bodies)
            {
                return [.. _requestLines];
            }
        }
    }

    public IReadOnlyList<JsonElement> Notices => Bodies.Select(b => JsonDocument.Parse(b).RootElement.Clone()).ToList();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var one = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, _stop.Token) == 1)
                {
                    head.Append((char)one[0]);
                }

                var lines = head.ToString().Split("\r\n");
                var length = lines.Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                var body = new byte[length];
                await stream.ReadExactlyAsync(body, _stop.Token);
                lock (_bodies)
                {
                    _requestLines.Add(lines[0]);
                    _bodies.Add(Encoding.UTF8.GetString(body));
                }

                if (_hang)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                await stream.WriteAsync("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
            {
            }
        }
    }
}
