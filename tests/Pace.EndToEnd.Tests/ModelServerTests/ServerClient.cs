using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.ModelServerTests;

/// <summary>Talks to the scripted server directly (no proxy), the way the CLIs do.</summary>
internal static class ServerClient
{
    public static HttpClient For(ScriptedModelServer server) =>
        new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(server.BaseUrl) };

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, JsonObject body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
    }

    /// <summary>The data of each SSE event, in order.</summary>
    public static async Task<List<JsonObject>> EventsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return [.. text.Split('\n').Where(line => line.StartsWith("data: ", StringComparison.Ordinal))
            .Select(line => JsonNode.Parse(line["data: ".Length..])!.AsObject())];
    }

    public static JsonObject AnthropicBody(string prompt, int assistantTurns, params string[] tools)
    {
        var messages = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt });
        for (var i = 0; i < assistantTurns; i++)
        {
            messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = $"turn {i}" });
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = "tool result" });
        }

        return new JsonObject
        {
            ["model"] = "claude-test",
            ["stream"] = true,
            ["messages"] = messages,
            ["tools"] = new JsonArray([.. tools.Select(t => (JsonNode)new JsonObject { ["name"] = t })]),
        };
    }

    public static JsonObject ResponsesBody(string prompt, params string[] tools) => new()
    {
        ["model"] = "gpt-test",
        ["stream"] = true,
        ["input"] = new JsonArray(new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = prompt }),
        ["tools"] = new JsonArray([.. tools.Select(t => (JsonNode)new JsonObject { ["type"] = "function", ["name"] = t })]),
    };

    public static JsonObject GeminiBody(string prompt, params string[] tools) => new()
    {
        ["contents"] = new JsonArray(new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = prompt }) }),
        ["tools"] = new JsonArray(new JsonObject
        {
            ["functionDeclarations"] = new JsonArray([.. tools.Select(t => (JsonNode)new JsonObject { ["name"] = t })]),
        }),
    };
}
