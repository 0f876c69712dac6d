namespace Pace.EndToEnd.Tests.ModelServer;

public sealed partial class ScriptedModelServer
{
    private readonly Lock _waitersGate = new();
    private readonly List<(Func<LoggedRequest, bool> Matches, TaskCompletionSource<LoggedRequest> Found)> _waiters = [];

    /// <summary>
    /// The first logged request that matches, already logged or still to come. A request is logged
    /// before its answer starts, so a test can act while a slow answer is still streaming.
    /// </summary>
    public async Task<LoggedRequest> WaitForRequestAsync(Func<LoggedRequest, bool> matches, TimeSpan limit, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource<LoggedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersGate)
        {
            if (_log.FirstOrDefault(matches) is { } logged)
            {
                return logged;
            }

            _waiters.Add((matches, found));
        }

        try
        {
            return await found.Task.WaitAsync(limit, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no matching request within {limit}; the server saw:\n{string.Join('\n', Requests)}");
        }
        finally
        {
            lock (_waitersGate)
            {
                _waiters.RemoveAll(w => w.Found == found);
            }
        }
    }

    private void Log(LoggedRequest request)
    {
        lock (_waitersGate)
        {
            _log.Enqueue(request);
            foreach (var (matches, found) in _waiters.Where(w => w.Matches(request)))
            {
                found.TrySetResult(request);
            }
        }
    }
}
