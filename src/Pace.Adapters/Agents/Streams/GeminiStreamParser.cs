using System.Text;
using System.Text.Json;
using Pace.Core.Agents;

namespace Pace.Adapters.Agents.Streams;

/// <summary>
/// Gemini CLI's <c>--output-format stream-json</c>. Assistant text arrives in pieces (<c>delta</c>);
/// the final message is the text after the last tool call; <c>result.status</c> is the claim.
/// No cost is reported. Turns are estimated as tool calls + 1.
/// </summary>
internal sealed class GeminiStreamParser : AgentStreamParser
{
    private const int MaxMessage = 16_000;
    private readonly ToolNames _tools = new();
    private readonly StringBuilder _message = new();

    protected override bool Handle(string type, JsonElement root, Action<AgentEvent> emit)
    {
        switch (type)
        {
            case "init":
                State.SessionId = root.String("session_id") ?? State.SessionId;
                State.Model = root.String("model");
                emit(new AgentSessionStarted(State.SessionId, State.Model));
                return true;
            case "message":
                OnMessage(root, emit);
                return true;
            case "tool_use":
                var name = root.String("tool_name") ?? "tool";
                _tools.Remember(root.String("tool_id"), name);
                _message.Clear();
                State.ToolCalls++;
                emit(new AgentToolUsed(name, ToolSummary.Of(root.Property("parameters"))));
                return true;
            case "tool_result":
                var status = root.String("status");
                var detail = root.String("output") ?? root.Object("error")?.String("message") ?? status;
                emit(new AgentToolFinished(_tools.Find(root.String("tool_id")), status != "success", Text.OneLine(detail)));
                return true;
            case "error":
                var message = root.String("message") ?? "gemini reported an error";
                if (root.String("severity") == "warning")
                {
                    emit(new AgentErrorReported(message));
                }
                else
                {
                    ReportError(message, emit);
                }

                return true;
            case "result":
                OnResult(root, emit);
                return true;
            default:
                return false;
        }
    }

    private void OnMessage(JsonElement root, Action<AgentEvent> emit)
    {
        if (root.String("role") != "assistant" || root.String("content") is not { } content)
        {
            return;
        }

        if (root.Bool("delta") != true)
        {
            _message.Clear();
        }

        if (_message.Length < MaxMessage)
        {
            _message.Append(content.AsSpan(0, Math.Min(content.Length, MaxMessage - _message.Length)));
        }

        State.FinalMessage = _message.ToString();
        emit(new AgentTextEmitted(content));
    }

    private void OnResult(JsonElement root, Action<AgentEvent> emit)
    {
        var status = root.String("status");
        if (root.Object("error") is { } error)
        {
            var message = error.String("message") ?? error.String("type") ?? "gemini reported an error";
            ReportError(message, emit);
            // "[API Error: {"error":{"code":429,...,"status":"RESOURCE_EXHAUSTED","details":[{...RetryInfo","retryDelay":"2s"}]}}]"
            State.Limit = UsageLimits.FromText(message) is { } limit ? limit with { RetryAfter = UsageLimits.RetryDelay(message) } : null;
        }
        else if (status != "success")
        {
            ReportError($"gemini ended with status {status ?? "(none)"}", emit);
        }

        if (root.Object("stats") is { } stats)
        {
            State.Usage = new AgentUsage(stats.Long("input_tokens") ?? 0, stats.Long("output_tokens") ?? 0, stats.Long("cached") ?? 0);
            State.ToolCalls = Math.Max(State.ToolCalls, stats.Int("tool_calls") ?? 0);
        }

        State.Turns = State.ToolCalls + 1;
        State.Finished = true;
        State.ClaimsSuccess = status == "success";
        emit(new AgentUsageReported(State.Usage, null, State.Turns));
    }
}
