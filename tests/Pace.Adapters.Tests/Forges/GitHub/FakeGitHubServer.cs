using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pace.Adapters.Tests.Forges.GitHub;

/// <summary>
/// A GitHub on 127.0.0.1 (port chosen by the OS): the REST API under /api/v3/ answers only the
/// routes a test registers, and git's smart HTTP under /git/ is served by `git http-backend` from
/// real bare repositories. Any other request, or one without the expected token, is answered 501
/// and fails the test in <see cref="Verify"/>, as does a registered route never used.
/// </summary>
internal sealed class FakeGitHubServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Route> _routes = [];
    private readonly List<FakeRequest> _requests = [];
    private readonly List<string> _problems = [];
    private readonly Task _loop;
    private TimeSpan? _exhaust;

    public FakeGitHubServer(string token, string? gitRoot = null)
    {
        Token = token;
        GitRoot = gitRoot;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public string Token { get; }

    public string? GitRoot { get; }

    /// <summary>GitHub's own clock, sent in the Date header of every API answer (set it to differ from Pace's).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri ApiBase => new($"http://127.0.0.1:{Port}/api/v3/");

    public string GitUrl(string owner, string repo) => $"http://127.0.0.1:{Port}/git/{owner}/{repo}.git";

    /// <summary>Every API request received, in order (git's requests are in <see cref="GitRequests"/>).</summary>
    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests.Where(r => !r.Path.StartsWith("/git/", StringComparison.Ordinal))];
            }
        }
    }

    public IReadOnlyList<FakeRequest> GitRequests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests.Where(r => r.Path.StartsWith("/git/", StringComparison.Ordinal))];
            }
        }
    }

    /// <summary>
    /// Answers <paramref name="method"/> on <paramref name="path"/> (under /api/v3, query ignored;
    /// <c>*</c> is any one segment, a trailing <c>**</c> any rest) with <paramref name="handler"/>.
    /// </summary>
    public void On(string method, string path, Func<FakeRequest, FakeResponse> handler)
    {
        lock (_routes)
        {
            _routes.Add(new Route(method, ("/api/v3/" + path.TrimStart('/')).Split('/'), handler, null));
        }
    }

    /// <summary>Answers with each response in turn, once each; every one must be used.</summary>
    public void OnSequence(string method, string path, params FakeResponse[] responses)
    {
        var queue = new Queue<FakeResponse>(responses);
        lock (_routes)
        {
            _routes.Add(new Route(method, ("/api/v3/" + path.TrimStart('/')).Split('/'), _ => queue.Dequeue(), queue));
        }
    }

    /// <summary>Fails the test with every unexpected request and every route (or queued answer) never used.</summary>
    public void Verify()
    {
        var problems = new List<string>();
        lock (_problems)
        {
            problems.AddRange(_problems);
        }

        lock (_routes)
        {
            problems.AddRange(_routes.Where(r => r.Uses == 0).Select(r => $"registered but never requested: {r.Method} {string.Join('/', r.Segments)}"));
            problems.AddRange(_routes.Where(r => r.Queue is { Count: > 0 }).Select(r => $"{r.Queue!.Count} answer(s) never requested: {r.Method} {string.Join('/', r.Segments)}"));
        }

        problems.ShouldBeEmpty();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

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

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        await using var stream = new BufferedStream(client.GetStream(), 1 << 16);
        try
        {
            if (await FakeWire.ReadAsync(stream, _stop.Token) is not { } request)
            {
                return;
            }

            lock (_requests)
            {
                _requests.Add(request);
            }

            var response = request.Path.StartsWith("/git/", StringComparison.Ordinal) ? await GitAsync(request) : Dated(RateLimited() ?? Answer(request));
            await FakeWire.WriteAsync(stream, response, _stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // The client went away, or the test ended.
        }
    }

    private FakeResponse Answer(FakeRequest request)
    {
        if (request.Header("authorization") != $"Bearer {Token}")
        {
            return Problem(request, "without the expected token", 401);
        }

        Route? route;
        lock (_routes)
        {
            route = _routes.LastOrDefault(r => r.Matches(request) && r.Queue is not { Count: 0 });
            route?.Use();
        }

        if (route is null)
        {
            return Problem(request, "unexpected", 501);
        }

        try
        {
            return route.Handler(request);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Problem(request, $"its handler failed: {e.Message}", 500);
        }
    }

    /// <summary>
    /// The next API request is refused with 429, no requests left until <paramref name="resetIn"/> from now
    /// (GitHub's primary limit), without reaching its route. A refusal rather than a last successful answer
    /// makes Pace wait whatever the machine's load: its retry waits at least a second even when the reset
    /// has passed by the time it reads the answer.
    /// </summary>
    public void ExhaustRateLimitOnce(TimeSpan resetIn)
    {
        lock (_routes)
        {
            _exhaust = resetIn;
        }
    }

    private FakeResponse? RateLimited()
    {
        lock (_routes)
        {
            if (_exhaust is not { } resetIn)
            {
                return null;
            }

            _exhaust = null;
            var reset = (Clock() + resetIn).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            return FakeResponse.Json(429, """{"message":"API rate limit exceeded"}""", ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset));
        }
    }

    private FakeResponse Dated(FakeResponse response) =>
        response with { Headers = [.. response.Headers, ("Date", Clock().ToString("r", System.Globalization.CultureInfo.InvariantCulture))] };

    private async Task<FakeResponse> GitAsync(FakeRequest request)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{Token}"));
        if (GitRoot is null || request.Header("authorization") != expected)
        {
            return Problem(request, GitRoot is null ? "git without a git root" : "git without the expected token", 401);
        }

        return await GitHttpBackend.RunAsync(GitRoot, request, _stop.Token);
    }

    private FakeResponse Problem(FakeRequest request, string what, int status)
    {
        lock (_problems)
        {
            _problems.Add($"{what}: {request}");
        }

        return FakeResponse.Json(status, $$"""{"message": "the fake GitHub: {{what}}: {{request.Method}} {{request.Path}}"}""");
    }

    private sealed class Route(string method, string[] segments, Func<FakeRequest, FakeResponse> handler, Queue<FakeResponse>? queue)
    {
        public string Method => method;

        public string[] Segments => segments;

        public Func<FakeRequest, FakeResponse> Handler => handler;

        public Queue<FakeResponse>? Queue => queue;

        public int Uses { get; private set; }

        public void Use() => Uses++;

        public bool Matches(FakeRequest request)
        {
            if (request.Method != method)
            {
                return false;
            }

            var actual = request.Path.Split('/');
            for (var i = 0; i < segments.Length; i++)
            {
                if (segments[i] == "**")
                {
                    return i == segments.Length - 1 && actual.Length > i;
                }

                if (i >= actual.Length || (segments[i] != "*" && segments[i] != actual[i]))
                {
                    return false;
                }
            }

            return actual.Length == segments.Length;
        }
    }
}
