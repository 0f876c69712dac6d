using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Pace.EndToEnd.Tests.ModelServer.Sse;

namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>Anthropic Messages API, streaming (what Claude Code speaks): POST /v1/messages.</summary>
internal sealed class AnthropicProtocol : IModelProtocol
{
    public string Name => "anthropic";

    public bool Handles(ModelRequest request) => request.Method == "POST" && request.Path == "/v1/messages";

    public Conversation Read(ModelRequest request, JsonElement body)
    {
        var messages = body.GetProperty("messages");
        var turns = messages.EnumerateArray().Count(m => m.TryGetProperty("role", out var role) && role.GetString() == "assistant");
        var tools = body.TryGetProperty("tools", out var list)
            ? list.EnumerateArray().Where(t => t.TryGetProperty("name", out _)).Select(t => t.GetProperty("name").GetString()!).ToHashSet()
            : [];
        return new Conversation(messages.GetRawText(), turns, tools, body.GetProperty("model").GetString() ?? "");
    }

    public IReadOnlyList<string> Render(ScriptStep step, Conversation conversation, string id)
    {
        var events = new List<string>
        {
            Named("message_start", Object(("type", "message_start"), ("message", Object(
                ("id", $"msg_{id}"), ("type", "message"), ("role", "assistant"), ("model", conversation.Model),
                ("content", new JsonArray()), ("stop_reason", null), ("stop_sequence", null),
                ("usage", Object(("input_tokens", InputTokens), ("output_tokens", 1))))))),
        };
        var index = 0;
        if (step.Text is { } text)
        {
            events.Add(Named("content_block_start", Object(("type", "content_block_start"), ("index", index), ("content_block", Object(("type", "text"), ("text", ""))))));
            events.AddRange(Pieces(text).Select(piece => Named("content_block_delta", Object(
                ("type", "content_block_delta"), ("index", index), ("delta", Object(("type", "text_delta"), ("text", piece)))))));
            events.Add(Named("content_block_stop", Object(("type", "content_block_stop"), ("index", index))));
            index++;
        }

        var call = ToolCall(step, conversation);
        if (call is { } tool)
        {
            events.Add(Named("content_block_start", Object(("type", "content_block_start"), ("index", index), ("content_block", Object(
                ("type", "tool_use"), ("id", $"toolu_{id}"), ("name", tool.Name), ("input", new JsonObject()))))));
            events.AddRange(Pieces(tool.Input.ToJsonString()).Select(piece => Named("content_block_delta", Object(
                ("type", "content_block_delta"), ("index", index), ("delta", Object(("type", "input_json_delta"), ("partial_json", piece)))))));
            events.Add(Named("content_block_stop", Object(("type", "content_block_stop"), ("index", index))));
        }

        events.Add(Named("message_delta", Object(("type", "message_delta"),
            ("delta", Object(("stop_reason", call is null ? "end_turn" : "tool_use"), ("stop_sequence", null))),
            ("usage", Object(("output_tokens", OutputTokens))))));
        events.Add(Named("message_stop", Object(("type", "message_stop"))));
        return events;
    }

    public string ErrorBody(int status, string message)
    {
        var type = status switch
        {
            400 => "invalid_request_error",
            401 => "authentication_error",
            404 => "not_found_error",
            429 => "rate_limit_error",
            529 => "overloaded_error",
            _ => "api_error",
        };
        return Object(("type", "error"), ("error", Object(("type", type), ("message", message)))).ToJsonString();
    }

    /// <summary>A rate_limit_error with the unified headers a subscription gets; Claude Code reads them only with OAuth auth.</summary>
    public (string Body, IReadOnlyList<(string Name, string Value)> Headers) RateLimitAnswer(Conversation conversation, RateLimited limited, DateTimeOffset now)
    {
        var reset = limited.ResetsAt!.Value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return (ErrorBody(429, "scripted usage window: rate limited"),
        [
            ("anthropic-ratelimit-unified-status", "rejected"),
            ("anthropic-ratelimit-unified-reset", reset),
            ("anthropic-ratelimit-unified-representative-claim", limited.Window),
            ("retry-after", WholeSeconds(limited.RetryAfterAt(now)).ToString(CultureInfo.InvariantCulture)),
        ]);
    }

    private (string Name, JsonObject Input)? ToolCall(ScriptStep step, Conversation conversation)
    {
        (string Name, JsonObject Input)? call = step switch
        {
            WriteFile write => ("Write", Object(("file_path", write.Path), ("content", write.Content))),
            RunShell shell => ("Bash", Object(("command", shell.Command), ("description", "scripted command"))),
            _ => null,
        };
        if (call is { } tool && !conversation.Tools.Contains(tool.Name))
        {
            throw NoTool(Name, step, conversation.Tools);
        }

        return call;
    }
}
