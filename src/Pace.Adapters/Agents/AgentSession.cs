using System.Runtime.ExceptionServices;
using Pace.Adapters.Agents.Streams;
using Pace.Adapters.Processes;
using Pace.Core.Agents;

using Pace.Adapters.Security;

namespace Pace.Adapters.Agents;

/// <summary>
/// One run of an agent CLI: starts it through <see cref="ProcessRunner"/> (closed stdin, own process
/// group), streams each line to the transcript (redacted) and to the parser, and enforces the
/// request's limits by killing the whole group. Nothing of the output is kept beyond the parser's
/// bounded state and the last lines of standard error.
/// </summary>
internal sealed partial class AgentSession : IDisposable
{
    /// <summary>Longer lines reach the parser and the transcript cut to this length.</summary>
    private const int MaxLineLength = 16 << 20;

    private readonly AgentLaunch _launch;
    private readonly AgentRequest _request;
    private readonly Action<AgentEvent> _onEvent;
    private readonly TranscriptWriter _transcript;
    private readonly TranscriptWriter _stderr;
    private readonly StderrTail _stderrTail;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private AgentExit? _limitExit;
    private ExceptionDispatchInfo? _callbackFailure;
    private bool _closed;

    private AgentSession(AgentLaunch launch, AgentRequest request, Action<AgentEvent> onEvent)
    {
        _launch = launch;
        _request = request;
        _onEvent = onEvent;
        Secrets.Learn(launch.Environment);
        _transcript = new TranscriptWriter(request.TranscriptPath);
        _stderr = new TranscriptWriter(StderrPathFor(request.TranscriptPath), lazy: true);
        _stderrTail = new StderrTail();
    }

    private AgentStreamState State => _launch.Parser.State;

    /// <summary>Where the agent's standard error goes: beside the transcript, created only if there is any.</summary>
    public static string StderrPathFor(string transcriptPath) => transcriptPath + ".stderr";

    public static async Task<AgentResult> RunAsync(AgentLaunch launch, AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
    {
        using var session = new AgentSession(launch, request, onEvent);
        var result = await session.RunAsync(cancellationToken).ConfigureAwait(false);
        session._callbackFailure?.Throw();
        onEvent(new AgentFinished(result.ClaimsSuccess, result.FinalMessage));
        return result;
    }

    public void Dispose()
    {
        _transcript.Dispose();
        _stderr.Dispose();
        _stop.Dispose();
    }

    private async Task<AgentResult> RunAsync(CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var spec = new ProcessSpec(_launch.FileName, _launch.Arguments, _request.WorkingFolder)
        {
            Environment = _launch.Environment,
            StandardInput = _launch.StandardInput,
            Timeout = _request.Limits.TimeLimit,
            MaxLineLength = MaxLineLength,
            OnStarted = RecordGroup,
        };

        ProcessResult process;
        try
        {
            process = await ProcessRunner.RunAsync(spec, OnStdout, OnStderr, either.Token).ConfigureAwait(false);
        }
        catch (ProcessStartException e)
        {
            return ResultFor(AgentExit.StartFailed, null, TimeSpan.Zero, [e.Message]);
        }
        finally
        {
            // A grandchild that escaped the kill may still hold the pipe: nothing it prints counts any more.
            lock (_gate)
            {
                _closed = true;
            }

            ForgetGroup();
        }

        var exit = _limitExit
            ?? (process.TimedOut ? AgentExit.TimedOut
                : process.Cancelled ? AgentExit.Cancelled
                : State.StoppedAtTurnLimit ? AgentExit.TurnLimit
                : AgentExit.Exited);
        return ResultFor(exit, process.ExitCode, process.Duration, ErrorsFor(exit, process.ExitCode));
    }

    /// <summary>If Pace dies with the agent still running, the next run ends it (see <see cref="LeftoverAgents"/>).</summary>
    private void RecordGroup(int pid)
    {
        try
        {
            LeftoverAgents.Record(_request.TranscriptPath, pid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without the record a killed Pace cannot end this agent later; the session itself is unaffected.
        }
    }

    private void ForgetGroup()
    {
        try
        {
            LeftoverAgents.Forget(_request.TranscriptPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale record is harmless: its group is gone, so the next run only deletes it.
        }
    }

    private void OnStdout(string line)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _transcript.WriteLine(line);
            _launch.Parser.Feed(line, Emit);
            var limits = _request.Limits;
            if (_launch.CountsTurns && limits.MaxTurns is { } maxTurns && State.ToolCalls > maxTurns)
            {
                Stop(AgentExit.TurnLimit);
            }

            if (limits.CostBudgetUsd is { } budget && State.CostUsd is { } cost && cost > budget)
            {
                Stop(AgentExit.BudgetExceeded);
            }
        }
    }

    private void OnStderr(string line)
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _stderr.WriteLine(line);
                _stderrTail.Add(line);
            }
        }
    }

    private void Emit(AgentEvent agentEvent)
    {
        if (_callbackFailure is not null)
        {
            return;
        }

        try
        {
            _onEvent(agentEvent);
        }
#pragma warning disable CA1031 // Rethrown to the caller once the agent is dead; a pump must not die with the agent still running.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _callbackFailure = ExceptionDispatchInfo.Capture(e);
            Stop(AgentExit.Cancelled);
        }
    }

    /// <summary>Kills the agent for a limit; the first reason wins.</summary>
    private void Stop(AgentExit reason)
    {
        if (_limitExit is null)
        {
            _limitExit = reason;
            // Not Cancel(): its callbacks would run the runner's kill-and-drain on this very pump thread.
            _ = _stop.CancelAsync();
        }
    }
}
