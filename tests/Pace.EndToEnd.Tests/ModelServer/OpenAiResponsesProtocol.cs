using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Pace.EndToEnd.Tests.ModelServer.Sse;

namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>
/// OpenAI Responses API, streaming (what the Codex CLI speaks): POST /v1/responses. A model turn
/// shows in the next request's input as its call item, so the turns taken are the call items
/// there (a scripted step makes at most one call).
/// </summary>
internal sealed class OpenAiResponsesProtocol : IModelProtocol
{
    private static readonly HashSet<string> CallItems = ["function_call", "custom_tool_call", "local_shell_call"];

    public string Name => "openai-responses";

    public bool Handles(ModelRequest request) => request.Method == "POST" && request.Path == "/v1/responses";

    public Conversation Read(ModelRequest request, JsonElement body)
    {
        var input = body.GetProperty("input");
        var turns = input.ValueKind == JsonValueKind.Array
            ? input.EnumerateArray().Count(item => item.TryGetProperty("type", out var type) && CallItems.Contains(type.GetString() ?? ""))
            : 0;
        var tools = body.TryGetProperty("tools", out var list)
            ? list.EnumerateArray().Where(t => t.TryGetProperty("name", out _)).Select(t => t.GetProperty("name").GetString()!).ToHashSet()
            : [];
        return new Conversation(input.GetRawText(), turns, tools, body.GetProperty("model").GetString() ?? "");
    }

    public IReadOnlyList<string> Render(ScriptStep step, Conversation conversation, string id)
    {
        var output = new JsonArray();
        var events = new List<string>
        {
            Event("response.created", ("response", Response(id, conversation.Model, "in_progress", new JsonArray(), usage: null))),
        };
        if (step.Text is { } text)
        {
            var itemId = $"msg_{id}";
            events.Add(Event("response.output_item.added", ("output_index", output.Count), ("item", Object(
                ("id", itemId), ("type", "message"), ("status", "in_progress"), ("role", "assistant"), ("content", new JsonArray())))));
            events.AddRange(Pieces(text).Select(piece => Event("response.output_text.delta",
                ("item_id", itemId), ("output_index", output.Count), ("content_index", 0), ("delta", piece))));
            var done = Object(("id", itemId), ("type", "message"), ("status", "completed"), ("role", "assistant"),
                ("content", new JsonArray(Object(("type", "output_text"), ("text", text), ("annotations", new JsonArray())))));
            events.Add(Event("response.output_item.done", ("output_index", output.Count), ("item", done.DeepClone())));
            output.Add(done);
        }

        if (ToolCall(step, conversation, id) is { } call)
        {
            events.Add(Event("response.output_item.added", ("output_index", output.Count), ("item", call.DeepClone())));
            events.Add(Event("response.output_item.done", ("output_index", output.Count), ("item", call.DeepClone())));
            output.Add(call);
        }

        var usage = Object(("input_tokens", InputTokens), ("input_tokens_details", Object(("cached_tokens", 0))),
            ("output_tokens", OutputTokens), ("output_tokens_details", Object(("reasoning_tokens", 0))), ("total_tokens", InputTokens + OutputTokens));
        events.Add(Event("response.completed", ("response", Response(id, conversation.Model, "completed", output, usage))));
        return events;
    }

    public string ErrorBody(int status, string message)
    {
        var type = status switch
        {
            400 => "invalid_request_error",
            429 => "rate_limit_exceeded",
            _ => "server_error",
        };
        return Object(("error", Object(("message", message), ("type", type), ("code", null)))).ToJsonString();
    }

    /// <summary>
    /// The Responses API's rate_limit_exceeded (a per-minute request limit) with its retry-after and
    /// x-ratelimit-* headers; for a plan's window, usage_limit_reached with its reset.
    /// </summary>
    public (string Body, IReadOnlyList<(string Name, string Value)> Headers) RateLimitAnswer(Conversation conversation, RateLimited limited, DateTimeOffset now)
    {
        var wait = WholeSeconds(limited.RetryAfterAt(now)).ToString(CultureInfo.InvariantCulture);
        if (limited.Plan is { } plan)
        {
            // What the ChatGPT backend sends when a plan's window is used up; Codex does not retry it.
            var resetsAt = limited.ResetsAt!.Value;
            return (Object(("error", Object(("type", "usage_limit_reached"), ("message", "The usage limit has been reached"), ("plan_type", plan),
                ("resets_at", resetsAt.ToUnixTimeSeconds()), ("resets_in_seconds", WholeSeconds(resetsAt - now))))).ToJsonString(), []);
        }

        var message = $"Rate limit reached for {conversation.Model} in organization org-scripted on requests per min (RPM): Limit 3, Used 3, Requested 1. "
            + $"Please try again in {wait}s. Visit https://platform.openai.com/account/rate-limits to learn more.";
        var body = Object(("error", Object(("message", message), ("type", "requests"), ("param", null), ("code", "rate_limit_exceeded")))).ToJsonString();
        return (body,
        [
            ("retry-after", wait),
            ("x-ratelimit-limit-requests", "3"),
            ("x-ratelimit-remaining-requests", "0"),
            ("x-ratelimit-reset-requests", $"{wait}s"),
        ]);
    }

    private static string Event(string type, params (string Name, JsonNode? Value)[] properties)
    {
        var data = Object(("type", type));
        foreach (var (name, value) in properties)
        {
            data[name] = value;
        }

        return Named(type, data);
    }

    private static JsonObject Response(string id, string model, string status, JsonArray output, JsonObject? usage) =>
        Object(("id", $"resp_{id}"), ("object", "response"), ("created_at", 1_700_000_000), ("status", status),
            ("model", model), ("output", output.DeepClone()), ("usage", usage));

    private JsonObject? ToolCall(ScriptStep step, Conversation conversation, string id)
    {
        var callId = $"call_{id}";
        switch (step)
        {
            case WriteFile write when conversation.Tools.Contains("apply_patch"):
                var lines = write.Content.TrimEnd('\n').Split('\n').Select(line => "+" + line);
                var patch = $"*** Begin Patch\n*** Add File: {write.Path}\n{string.Join('\n', lines)}\n*** End Patch";
                return Object(("id", $"ctc_{id}"), ("type", "custom_tool_call"), ("status", "completed"),
                    ("call_id", callId), ("name", "apply_patch"), ("input", patch));
            case WriteFile write:
                return Shell(step, conversation, $"printf '%s' '{write.Content.Replace("'", "'\\''", StringComparison.Ordinal)}' > '{write.Path}'", id);
            case RunShell shell:
                return Shell(step, conversation, shell.Command, id);
            default:
                return null;
        }
    }

    private JsonObject Shell(ScriptStep step, Conversation conversation, string command, string id)
    {
        var (name, arguments) = conversation.Tools.Contains("exec_command")
            ? ("exec_command", Object(("cmd", command)))
            : conversation.Tools.Contains("shell")
                ? ("shell", Object(("command", new JsonArray("bash", "-lc", command))))
                : throw NoTool(Name, step, conversation.Tools);
        return Object(("id", $"fc_{id}"), ("type", "function_call"), ("status", "completed"),
            ("call_id", $"call_{id}"), ("name", name), ("arguments", arguments.ToJsonString()));
    }
}
