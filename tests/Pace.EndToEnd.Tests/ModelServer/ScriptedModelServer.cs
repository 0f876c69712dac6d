using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>
/// A fake model API on 127.0.0.1 (port chosen by the OS) that answers Claude Code, Codex CLI and
/// Gemini CLI from scripts. The answer depends on the request alone (marker + turns taken), so
/// parallel sessions and retries stay deterministic; the server keeps no per-session state.
/// Every request is logged with its secrets redacted.
/// </summary>
public sealed partial class ScriptedModelServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, ModelScript> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<LoggedRequest> _log = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly IModelProtocol[] _protocols = [new AnthropicProtocol(), new OpenAiResponsesProtocol(), new GeminiProtocol()];
    private Task _accepting = Task.CompletedTask;

    private ScriptedModelServer()
    {
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>http://127.0.0.1:PORT, without a trailing slash.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<LoggedRequest> Requests => [.. _log];

    /// <summary>Requests no model API handles (a CLI reaching out for something else), apart from the HEAD / probe.</summary>
    public IReadOnlyList<LoggedRequest> ForeignRequests => [.. _log.Where(r => r.Protocol is null && !(r.Method == "HEAD" && r.Target == "/"))];

    public static ScriptedModelServer Start()
    {
        var server = new ScriptedModelServer();
        server._listener.Start();
        server._accepting = server.AcceptAsync();
        return server;
    }

    public ScriptedModelServer Add(ModelScript script)
    {
        if (!_scripts.TryAdd(script.Marker, script))
        {
            throw new ArgumentException($"a script for marker {script.Marker} is already there", nameof(script));
        }

        return this;
    }

    /// <summary>From now on the marker's requests get this script; an answer already streaming goes on as it began.</summary>
    public ScriptedModelServer Replace(ModelScript script)
    {
        _scripts[script.Marker] = script;
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_accepting, .. _connections.Keys]).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = ServeAsync(client);
            _connections.TryAdd(connection, 0);
            _ = connection.ContinueWith(done => _connections.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            client.NoDelay = true;
            using var wire = new HttpWire(client.GetStream());
            try
            {
                while (await wire.ReadRequestAsync(_stop.Token) is { } request)
                {
                    if (!await AnswerAsync(wire, request, _stop.Token))
                    {
                        client.Client.Close(0);
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
            {
                // The client went away (or the server stops); nothing is left to answer.
            }
        }
    }
}
