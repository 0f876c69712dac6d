using System.Text.Json;
using Pace.Core.Agents;

namespace Pace.Adapters.Agents.Streams;

/// <summary>
/// Claude Code's <c>--output-format stream-json --verbose</c>. The last line is a result event whose
/// <c>is_error</c> is the truth (an HTTP 400 ends with subtype "success" and is_error true), and
/// whose <c>permission_denials</c> mean the agent could not do what it was asked.
/// </summary>
internal class ClaudeStreamParser : AgentStreamParser
{
    private readonly ToolNames _tools = new();
    private string? _lastMessageId;
    private string? _lastText;

    protected override bool Handle(string type, JsonElement root, Action<AgentEvent> emit)
    {
        switch (type)
        {
            case "system":
                OnSystem(root, emit);
                return true;
            case "assistant":
                OnAssistant(root, emit);
                return true;
            case "user":
                OnUser(root, emit);
                return true;
            case "result":
                OnResult(root, emit);
                return true;
            case "rate_limit_event":
                OnRateLimit(root, emit);
                return true;
            case "stream_event":
                return true;
            default:
                return false;
        }
    }

    private void OnSystem(JsonElement root, Action<AgentEvent> emit)
    {
        switch (root.String("subtype"))
        {
            case "init":
                State.SessionId = root.String("session_id") ?? State.SessionId;
                State.Model = root.String("model");
                emit(new AgentSessionStarted(State.SessionId, State.Model));
                break;
            case "api_retry":
                emit(new AgentApiRetried(root.Int("attempt") ?? 0, root.Int("error_status")));
                break;
        }
    }

    /// <summary>
    /// The CLI's view of the subscription's usage window (from the API's rate-limit headers): "rejected"
    /// with the reset time is the window closed; "allowed_warning" is only shown and recorded.
    /// </summary>
    private void OnRateLimit(JsonElement root, Action<AgentEvent> emit)
    {
        if (root.Object("rate_limit_info") is not { } info)
        {
            return;
        }

        var status = info.String("status");
        var resets = info.Long("resetsAt") is { } epoch and > 0 ? DateTimeOffset.FromUnixTimeSeconds(epoch) : (DateTimeOffset?)null;
        var limit = new UsageLimit(info.String("rateLimitType") is { } kind ? $"{kind} limit" : "rate limit", resets);
        switch (status)
        {
            case "rejected":
                State.Limit = limit;
                emit(new AgentUsageLimited(limit, Warning: false));
                break;
            case "allowed_warning":
                State.LimitWarning = limit;
                emit(new AgentUsageLimited(limit, Warning: true));
                break;
        }
    }

    private void OnAssistant(JsonElement root, Action<AgentEvent> emit)
    {
        State.SessionId ??= root.String("session_id");
        if (root.Object("message") is not { } message)
        {
            return;
        }

        // One event per content block; blocks of one model turn share the message id.
        if (message.String("id") is { } id && id != _lastMessageId)
        {
            _lastMessageId = id;
            State.Turns = (State.Turns ?? 0) + 1;
        }

        foreach (var block in message.Array("content"))
        {
            switch (block.String("type"))
            {
                case "text" when block.String("text") is { Length: > 0 } text:
                    _lastText = Text.Cut(text, 16_000);
                    emit(new AgentTextEmitted(text));
                    break;
                case "tool_use":
                    var name = block.String("name") ?? "tool";
                    _tools.Remember(block.String("id"), name);
                    State.ToolCalls++;
                    emit(new AgentToolUsed(name, ToolSummary.Of(block.Property("input"))));
                    break;
            }
        }
    }

    private void OnUser(JsonElement root, Action<AgentEvent> emit)
    {
        foreach (var block in root.Object("message")?.Array("content") ?? [])
        {
            if (block.String("type") != "tool_result")
            {
                continue;
            }

            var content = block.Property("content");
            var summary = content is { ValueKind: JsonValueKind.Array } parts
                ? parts.EnumerateArray().Select(part => part.String("text")).FirstOrDefault(text => text is not null)
                : content is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;
            emit(new AgentToolFinished(_tools.Find(block.String("tool_use_id")), block.Bool("is_error") ?? false, Text.OneLine(summary)));
        }
    }

    private void OnResult(JsonElement root, Action<AgentEvent> emit)
    {
        State.SessionId = root.String("session_id") ?? State.SessionId;
        var subtype = root.String("subtype");
        var isError = root.Bool("is_error") ?? subtype != "success";
        State.FinalMessage = root.String("result") is { } result ? Text.Cut(result, 16_000) : _lastText;
        State.Turns = root.Int("num_turns") ?? State.Turns;
        State.CostUsd = root.Decimal("total_cost_usd") ?? State.CostUsd;
        if (root.Object("usage") is { } usage)
        {
            State.Usage = new AgentUsage(
                usage.Long("input_tokens") ?? 0,
                usage.Long("output_tokens") ?? 0,
                usage.Long("cache_read_input_tokens") ?? 0,
                usage.Long("cache_creation_input_tokens") ?? 0);
        }

        foreach (var denial in root.Array("permission_denials"))
        {
            var tool = denial.String("tool_name") ?? "tool";
            var detail = ToolSummary.Of(denial.Property("tool_input"));
            State.AddDenial($"{tool} {detail}".TrimEnd());
            emit(new AgentPermissionDenied(tool, detail));
        }

        var listed = 0;
        foreach (var error in root.Array("errors"))
        {
            if (error.ValueKind == JsonValueKind.String)
            {
                ReportError(error.GetString()!, emit);
                listed++;
            }
        }

        if (isError && listed == 0)
        {
            ReportError(Text.OneLine(State.FinalMessage) is { Length: > 0 } line ? line : $"claude reported an error ({subtype ?? "no subtype"})", emit);
        }

        // The window counts only if the session ended on it (the CLI may have gone on with overage).
        State.Limit = !isError ? null
            : State.Limit ?? (root.Int("api_error_status") switch
            {
                429 => new UsageLimit("rate limited (429)", null),
                529 => new UsageLimit("overloaded (529)", null),
                // Only the API's status: a session's own final words may well talk about rate limits.
                _ => null,
            });
        State.StoppedAtTurnLimit = subtype == "error_max_turns" || root.String("terminal_reason") == "max_turns";
        State.Finished = true;
        State.ClaimsSuccess = !isError && State.PermissionDenials.Count == 0;
        emit(new AgentUsageReported(State.Usage, State.CostUsd, State.Turns));
    }
}
