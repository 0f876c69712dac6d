using System.Threading.Channels;

namespace Pace.Adapters.Notifications;

/// <summary>
/// The notices for one target, sent in order by one worker off the run's path: posting never waits.
/// One attempt per notice, no retry. A target that hangs holds up only its own lane, each notice at
/// most the timeout; when more than <see cref="Capacity"/> wait, the oldest is dropped (and logged).
/// </summary>
internal sealed class NoticeLane : IDisposable
{
    public const int Capacity = 32;

    private readonly INoticeTarget _target;
    private readonly TimeSpan _timeout;
    private readonly Action<string> _log;
    private readonly Channel<Outgoing> _queue;
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task _worker;
    private int _unsent;

    public NoticeLane(INoticeTarget target, TimeSpan timeout, Action<string> log)
    {
        _target = target;
        _timeout = timeout;
        _log = log;
        _queue = Channel.CreateBounded<Outgoing>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => _log($"{_target.Name}: {Capacity} notifications were waiting; dropped the oldest ({dropped.Notice.Kind})"));
        _worker = Task.Run(WorkAsync);
    }

    public void Post(Outgoing outgoing) => _queue.Writer.TryWrite(outgoing);

    /// <summary>
    /// Lets the lane send what it holds for at most <paramref name="bound"/>, then gives up on the rest
    /// (a command still running is ended with its process group) and says how many were not sent.
    /// </summary>
    public async Task FlushAsync(TimeSpan bound)
    {
        _queue.Writer.TryComplete();
        if (await Task.WhenAny(_worker, Task.Delay(bound)).ConfigureAwait(false) != _worker)
        {
            await _abandon.CancelAsync().ConfigureAwait(false);
            await _worker.ConfigureAwait(false);
        }

        if (_unsent > 0)
        {
            _log($"{_target.Name}: {_unsent} notification{(_unsent == 1 ? " was" : "s were")} not sent before Pace exited");
        }
    }

    public void Dispose() => _abandon.Dispose();

    private async Task WorkAsync()
    {
        await foreach (var outgoing in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (_abandon.IsCancellationRequested)
            {
                _unsent++;
                continue;
            }

            string? failure;
            try
            {
                failure = await _target.SendAsync(outgoing, _timeout, _abandon.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failure = e.Message;
            }

            if (failure is not null && _abandon.IsCancellationRequested)
            {
                _unsent++;
            }
            else if (failure is not null)
            {
                _log($"{_target.Name}: the {outgoing.Notice.Kind} notification was not delivered: {failure}");
            }
        }
    }
}
