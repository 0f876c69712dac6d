using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Pace.EndToEnd.Tests.ModelServer.Sse;

namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>Gemini API, streaming (what the Gemini CLI speaks): POST /v1beta/models/MODEL:streamGenerateContent?alt=sse.</summary>
internal sealed class GeminiProtocol : IModelProtocol
{
    private const string Action = ":streamGenerateContent";

    public string Name => "gemini";

    public bool Handles(ModelRequest request) =>
        request.Method == "POST" && request.Path.StartsWith("/v1beta/models/", StringComparison.Ordinal) && request.Path.EndsWith(Action, StringComparison.Ordinal);

    public Conversation Read(ModelRequest request, JsonElement body)
    {
        var contents = body.GetProperty("contents");
        var turns = contents.EnumerateArray().Count(c => c.TryGetProperty("role", out var role) && role.GetString() == "model");
        var tools = new HashSet<string>();
        if (body.TryGetProperty("tools", out var list))
        {
            foreach (var tool in list.EnumerateArray())
            {
                if (tool.TryGetProperty("functionDeclarations", out var declarations))
                {
                    tools.UnionWith(declarations.EnumerateArray().Select(d => d.GetProperty("name").GetString()!));
                }
            }
        }

        var model = request.Path["/v1beta/models/".Length..^Action.Length];
        return new Conversation(contents.GetRawText(), turns, tools, model);
    }

    public IReadOnlyList<string> Render(ScriptStep step, Conversation conversation, string id)
    {
        var chunks = new List<JsonArray>();
        if (step.Text is { } text)
        {
            chunks.AddRange(Pieces(text).Select(piece => new JsonArray(Object(("text", piece)))));
        }

        if (ToolCall(step, conversation) is { } call)
        {
            chunks.Add(new JsonArray(Object(("functionCall", call))));
        }

        // The last chunk carries the finish reason and the usage, as the real API sends them.
        var events = chunks.Select((parts, i) => Chunk(conversation, id, parts, last: i == chunks.Count - 1)).ToList();
        return events;
    }

    public string ErrorBody(int status, string message)
    {
        var name = status switch
        {
            400 => "INVALID_ARGUMENT",
            429 => "RESOURCE_EXHAUSTED",
            500 => "INTERNAL",
            _ => "UNAVAILABLE",
        };
        return Object(("error", Object(("code", status), ("message", message), ("status", name)))).ToJsonString();
    }

    /// <summary>
    /// RESOURCE_EXHAUSTED for a per-minute quota, as the Gemini API sends it: the message ends with
    /// "Please retry in N.NNNs.", the details carry QuotaFailure, Help and RetryInfo (retryDelay in whole seconds).
    /// </summary>
    public (string Body, IReadOnlyList<(string Name, string Value)> Headers) RateLimitAnswer(Conversation conversation, RateLimited limited, DateTimeOffset now)
    {
        var wait = limited.RetryAfterAt(now);
        var exact = (Math.Ceiling(wait.TotalMilliseconds) / 1000).ToString("0.000", CultureInfo.InvariantCulture);
        var message = "You exceeded your current quota, please check your plan and billing details. For more information on this error, "
            + "head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n"
            + $"* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_paid_tier_requests, limit: 5, model: {conversation.Model}\n"
            + $"Please retry in {exact}s.";
        var quota = Object(("@type", "type.googleapis.com/google.rpc.QuotaFailure"), ("violations", new JsonArray(Object(
            ("quotaMetric", "generativelanguage.googleapis.com/generate_content_paid_tier_requests"),
            ("quotaId", "GenerateRequestsPerMinutePerProjectPerModel"),
            ("quotaDimensions", Object(("location", "global"), ("model", conversation.Model))),
            ("quotaValue", "5")))));
        var help = Object(("@type", "type.googleapis.com/google.rpc.Help"), ("links", new JsonArray(Object(
            ("description", "Learn more about Gemini API quotas"), ("url", "https://ai.google.dev/gemini-api/docs/rate-limits")))));
        var retry = Object(("@type", "type.googleapis.com/google.rpc.RetryInfo"), ("retryDelay", $"{WholeSeconds(wait)}s"));
        var body = Object(("error", Object(("code", 429), ("message", message), ("status", "RESOURCE_EXHAUSTED"),
            ("details", new JsonArray(quota, help, retry)))));
        return (body.ToJsonString(), []);
    }

    private static string Chunk(Conversation conversation, string id, JsonArray parts, bool last)
    {
        var candidate = Object(("content", Object(("parts", parts), ("role", "model"))), ("index", 0));
        if (last)
        {
            candidate["finishReason"] = "STOP";
        }

        var chunk = Object(("candidates", new JsonArray(candidate)), ("modelVersion", conversation.Model), ("responseId", id));
        if (last)
        {
            chunk["usageMetadata"] = Object(("promptTokenCount", InputTokens), ("candidatesTokenCount", OutputTokens),
                ("totalTokenCount", InputTokens + OutputTokens));
        }

        return Data(chunk);
    }

    private JsonObject? ToolCall(ScriptStep step, Conversation conversation)
    {
        (string Name, JsonObject Args)? call = step switch
        {
            WriteFile write => ("write_file", Object(("file_path", write.Path), ("content", write.Content))),
            RunShell shell => ("run_shell_command", Object(("command", shell.Command), ("description", "scripted command"))),
            _ => null,
        };
        if (call is not { } tool)
        {
            return null;
        }

        return conversation.Tools.Contains(tool.Name)
            ? Object(("name", tool.Name), ("args", tool.Args))
            : throw NoTool(Name, step, conversation.Tools);
    }
}
