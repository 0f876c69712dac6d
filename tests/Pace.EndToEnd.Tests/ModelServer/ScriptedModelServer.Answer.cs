using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pace.EndToEnd.Tests.ModelServer;

public sealed partial class ScriptedModelServer
{
    /// <summary>Answers one request; false when the connection must be dropped.</summary>
    private async Task<bool> AnswerAsync(HttpWire wire, ModelRequest request, CancellationToken cancellationToken)
    {
        var protocol = _protocols.FirstOrDefault(p => p.Handles(request));
        if (protocol is null)
        {
            Log(Redaction.Log(request, null, null, null, "404"));
            await wire.WriteResponseAsync(404, "application/json", request.Method == "HEAD" ? "" : """{"error":"not found"}""", cancellationToken);
            return true;
        }

        Conversation conversation;
        ModelScript script;
        try
        {
            using var body = JsonDocument.Parse(request.Body);
            conversation = protocol.Read(request, body.RootElement);
            script = ScriptFor(conversation);
        }
        catch (Exception e) when (e is JsonException or ScriptException or KeyNotFoundException or InvalidOperationException)
        {
            Log(Redaction.Log(request, protocol.Name, null, null, $"400 {e.Message}"));
            await wire.WriteResponseAsync(400, "application/json", protocol.ErrorBody(400, $"scripted model: {e.Message}"), cancellationToken);
            return true;
        }

        var step = script.StepFor(conversation.Turns, DateTimeOffset.UtcNow);
        if (step is RateLimited limited)
        {
            Log(Redaction.Log(request, protocol.Name, script.Marker, conversation.Turns, $"429 until {limited.ResetsAt:O}"));
            var (body, headers) = protocol.RateLimitAnswer(conversation, limited, DateTimeOffset.UtcNow);
            await wire.WriteResponseAsync(429, "application/json", body, cancellationToken, headers);
            return true;
        }

        IReadOnlyList<string> events = [];
        var answer = step is Fail fail ? $"{fail.Status} {fail.Message}" : step.ToString();
        try
        {
            if (step is not Fail)
            {
                events = protocol.Render(step, conversation, Id(script.Marker, conversation.Turns));
            }
        }
        catch (ScriptException e)
        {
            Log(Redaction.Log(request, protocol.Name, script.Marker, conversation.Turns, $"400 {e.Message}"));
            await wire.WriteResponseAsync(400, "application/json", protocol.ErrorBody(400, $"scripted model: {e.Message}"), cancellationToken);
            return true;
        }

        Log(Redaction.Log(request, protocol.Name, script.Marker, conversation.Turns, answer));
        if (step is Fail failure)
        {
            await wire.WriteResponseAsync(failure.Status, "application/json", protocol.ErrorBody(failure.Status, failure.Message), cancellationToken);
            return true;
        }

        await wire.StartChunkedAsync("text/event-stream", cancellationToken);
        var count = step is DropConnection ? DropAfter(events, step.Text ?? "") : events.Count;
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && step.EventDelay > TimeSpan.Zero)
            {
                await Task.Delay(step.EventDelay, cancellationToken);
            }

            await wire.WriteChunkAsync(events[i], cancellationToken);
        }

        if (step is DropConnection)
        {
            return false;
        }

        await wire.EndChunkedAsync(cancellationToken);
        return true;
    }

    /// <summary>A dropped stream stops after the event carrying the first piece of text, before the answer is complete.</summary>
    private static int DropAfter(IReadOnlyList<string> events, string text)
    {
        var piece = System.Text.Json.Nodes.JsonValue.Create(Sse.Pieces(text)[0]).ToJsonString().Trim('"');
        var first = events.ToList().FindIndex(e => e.Contains(piece, StringComparison.Ordinal));
        return first >= 0 ? Math.Min(first + 1, events.Count - 1) : events.Count / 2;
    }

    private ModelScript ScriptFor(Conversation conversation)
    {
        var found = _scripts.Values.Where(s => conversation.Text.Contains(s.Marker, StringComparison.Ordinal)).ToList();
        return found.Count switch
        {
            1 => found[0],
            0 => throw new ScriptException("no script's marker is in this conversation"),
            _ => throw new ScriptException($"several scripts' markers are in this conversation: {string.Join(", ", found.Select(s => s.Marker))}"),
        };
    }

    /// <summary>Ids derive from the request, so a retried request gets the same answer.</summary>
    private static string Id(string marker, int turns) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{marker}/{turns}")))[..24];
}
