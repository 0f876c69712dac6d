using Pace.Core.Agents;

namespace Pace.Adapters.Agents;

internal sealed partial class AgentSession
{
    private AgentResult ResultFor(AgentExit exit, int? exitCode, TimeSpan duration, IReadOnlyList<string> errors)
    {
        var state = State;
        var claims = exit == AgentExit.Exited && exitCode is { } code && _launch.Claim(state, code);
        return new AgentResult(
            exit,
            exitCode,
            claims,
            state.SessionId,
            state.FinalMessage,
            state.Usage,
            state.CostUsd,
            state.Turns ?? (state.ToolCalls > 0 ? state.ToolCalls : null),
            [.. state.PermissionDenials],
            errors,
            duration,
            _request.TranscriptPath)
        {
            UnparsedLines = state.UnparsedLines,
            // Killed by Pace (time, turns, budget, Ctrl-C): whatever the stream said, that is how the session ended.
            Limit = exit == AgentExit.Exited ? state.Limit : null,
            LimitWarning = state.LimitWarning,
        };
    }

    private List<string> ErrorsFor(AgentExit exit, int exitCode)
    {
        var errors = new List<string>(State.Errors);
        var limits = _request.Limits;
        switch (exit)
        {
            case AgentExit.TimedOut:
                errors.Add($"killed at the time limit of {limits.TimeLimit}");
                break;
            case AgentExit.TurnLimit when _limitExit is not null:
                errors.Add($"killed at tool call {State.ToolCalls}, past the turn limit of {limits.MaxTurns}");
                break;
            case AgentExit.BudgetExceeded:
                errors.Add($"killed: reported cost {State.CostUsd} USD passed the budget of {limits.CostBudgetUsd} USD");
                break;
            case AgentExit.Cancelled:
                errors.Add("cancelled");
                break;
            case AgentExit.Exited when exitCode != 0 && State.Errors.Count == 0:
                var stderr = _stderrTail.Joined();
                errors.Add(stderr.Length > 0 ? $"exited with code {exitCode}: {stderr}" : $"exited with code {exitCode}");
                break;
        }

        return errors;
    }
}
