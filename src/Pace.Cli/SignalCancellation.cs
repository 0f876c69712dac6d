using System.Runtime.InteropServices;

namespace Pace.Cli;

/// <summary>
/// Turns the first SIGINT or SIGTERM into a cancellation the running command can finish cleanly
/// (kill the agent, restore the tree, save the state); a second signal ends the process at once.
/// </summary>
internal sealed class SignalCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public SignalCancellation()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
    }

    public CancellationToken Token => _source.Token;

    /// <summary>The signal that cancelled the command, if one did.</summary>
    public PosixSignal? Received { get; private set; }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (Received is not null)
        {
            return;
        }

        Received = context.Signal;
        context.Cancel = true;
        _source.Cancel();
    }
}
