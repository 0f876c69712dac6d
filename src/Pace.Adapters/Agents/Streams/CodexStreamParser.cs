using System.Text.Json;
using System.Text.RegularExpressions;
using Pace.Core.Agents;

namespace Pace.Adapters.Agents.Streams;

/// <summary>
/// Codex CLI's <c>exec --json</c>. There is no result event and no cost: the final text is the last
/// agent_message, <c>turn.completed</c> carries the usage, <c>turn.failed</c> means failure.
/// Turns are estimated as tool calls + 1 (Codex has no turn flag; Pace counts tool calls).
/// The clock is read only to place a usage limit's "try again at 12:04 PM" (a time of day, local).
/// </summary>
internal sealed partial class CodexStreamParser(TimeProvider? clock = null) : AgentStreamParser
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ToolNames _started = new();
    private bool _failed;

    protected override bool Handle(string type, JsonElement root, Action<AgentEvent> emit)
    {
        switch (type)
        {
            case "thread.started":
                State.SessionId = root.String("thread_id") ?? State.SessionId;
                emit(new AgentSessionStarted(State.SessionId, null));
                return true;
            case "turn.started" or "item.updated":
                return true;
            case "item.started" when root.Object("item") is { } item:
                OnToolStarted(item, emit);
                return true;
            case "item.completed" when root.Object("item") is { } item:
                OnItemCompleted(item, emit);
                return true;
            case "turn.completed":
                OnTurnCompleted(root, emit);
                return true;
            case "turn.failed":
                var failure = root.Object("error")?.String("message") ?? "codex reported a failed turn";
                ReportError(failure, emit);
                // "You’ve hit your usage limit ... try again at 12:04 PM" or "exceeded retry limit, last status: 429 Too Many Requests".
                State.Limit = UsageLimits.FromText(failure) is { } limit
                    ? limit with { ResetsAt = UsageLimits.TryAgainAt(failure, _clock.GetUtcNow(), _clock.LocalTimeZone) }
                    : null;
                _failed = true;
                State.Finished = true;
                State.ClaimsSuccess = false;
                State.Turns = State.ToolCalls + 1;
                return true;
            case "error":
                OnError(root.String("message") ?? "codex reported an error", emit);
                return true;
            default:
                return false;
        }
    }

    private void OnToolStarted(JsonElement item, Action<AgentEvent> emit)
    {
        if (ToolOf(item) is not { } tool || _started.Knows(item.String("id")))
        {
            return;
        }

        _started.Remember(item.String("id") ?? "", tool.Name);
        State.ToolCalls++;
        emit(new AgentToolUsed(tool.Name, tool.Summary));
    }

    private void OnItemCompleted(JsonElement item, Action<AgentEvent> emit)
    {
        switch (item.String("type"))
        {
            case "agent_message" when item.String("text") is { } text:
                State.FinalMessage = Text.Cut(text, 16_000);
                emit(new AgentTextEmitted(text));
                return;
            case "error":
                ReportError(item.String("message") ?? "codex reported an error", emit);
                return;
        }

        if (ToolOf(item) is not { } tool)
        {
            return;
        }

        OnToolStarted(item, emit);
        var status = item.String("status");
        var exitCode = item.Int("exit_code");
        var failed = status is "failed" or "declined" || exitCode is not (null or 0);
        var output = Text.OneLine(item.String("aggregated_output"));
        var summary = exitCode is { } code ? $"exit {code}{(output.Length > 0 ? ": " + output : "")}" : status ?? "";
        emit(new AgentToolFinished(tool.Name, failed, summary));
    }

    private void OnTurnCompleted(JsonElement root, Action<AgentEvent> emit)
    {
        if (root.Object("usage") is { } usage)
        {
            var cached = usage.Long("cached_input_tokens") ?? 0;
            State.Usage = State.Usage with
            {
                InputTokens = State.Usage.InputTokens + (usage.Long("input_tokens") ?? 0),
                OutputTokens = State.Usage.OutputTokens + (usage.Long("output_tokens") ?? 0),
                CacheReadTokens = State.Usage.CacheReadTokens + cached,
                CacheWriteTokens = State.Usage.CacheWriteTokens + (usage.Long("cache_write_input_tokens") ?? 0),
            };
        }

        State.Turns = State.ToolCalls + 1;
        State.Finished = true;
        State.ClaimsSuccess = !_failed;
        emit(new AgentUsageReported(State.Usage, null, State.Turns));
    }

    private void OnError(string message, Action<AgentEvent> emit)
    {
        // "Reconnecting... 1/5 (...)" is Codex retrying the model API, not yet a failure.
        if (Reconnecting().Match(message) is { Success: true } retry)
        {
            // "Reconnecting... 1/5 (exceeded retry limit, last status: 429 Too Many Requests)" names the HTTP status.
            var status = retry.Groups[2].Success ? int.Parse(retry.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
            emit(new AgentApiRetried(int.Parse(retry.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), status));
            return;
        }

        ReportError(message, emit);
    }

    private static (string Name, string Summary)? ToolOf(JsonElement item) => item.String("type") switch
    {
        "command_execution" => ("command", Text.OneLine(Unwrap(item.String("command") ?? ""))),
        "file_change" => ("file_change", Text.OneLine(string.Join(", ", item.Array("changes").Select(c => $"{c.String("kind")} {c.String("path")}".Trim())))),
        "mcp_tool_call" => ($"{item.String("server")}.{item.String("tool")}", ""),
        "web_search" => ("web_search", Text.OneLine(item.String("query"))),
        _ => null,
    };

    /// <summary>Codex runs commands as <c>/bin/bash -lc "..."</c>; the summary shows the command itself.</summary>
    private static string Unwrap(string command)
    {
        foreach (var shell in new[] { "/bin/bash -lc ", "bash -lc ", "/bin/sh -c ", "sh -c " })
        {
            if (command.StartsWith(shell, StringComparison.Ordinal) && command.Length > shell.Length + 1)
            {
                var inner = command[shell.Length..];
                return inner[0] is '"' or '\'' && inner[^1] == inner[0] ? inner[1..^1] : inner;
            }
        }

        return command;
    }

    [GeneratedRegex(@"^Reconnecting\.\.\.\s*(\d{1,6})/\d{1,6}(?:.*?last status: (\d{3})\b)?")]
    private static partial Regex Reconnecting();
}
