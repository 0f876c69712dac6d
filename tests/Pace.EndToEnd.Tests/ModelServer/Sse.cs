using System.Text.Json.Nodes;

namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>Helpers shared by the protocols: event framing, text pieces, usage numbers.</summary>
internal static class Sse
{
    /// <summary>Tokens reported for every turn, so a test can check the CLI sums what the model reported.</summary>
    public const int InputTokens = 100;
    public const int OutputTokens = 20;

    public static string Named(string name, JsonObject data) => $"event: {name}\ndata: {data.ToJsonString()}\n\n";

    /// <summary>A wait in whole seconds, rounded up and at least 1 (as retry-after and retryDelay carry it).</summary>
    public static int WholeSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    public static string Data(JsonObject data) => $"data: {data.ToJsonString()}\r\n\r\n";

    /// <summary>The text in two pieces, as a model streams it (a dropped stream stops after the first).</summary>
    public static IReadOnlyList<string> Pieces(string text) =>
        text.Length < 2 ? [text] : [text[..(text.Length / 2)], text[(text.Length / 2)..]];

    public static JsonObject Object(params (string Name, JsonNode? Value)[] properties)
    {
        var result = new JsonObject();
        foreach (var (name, value) in properties)
        {
            result[name] = value;
        }

        return result;
    }

    public static ScriptException NoTool(string protocol, ScriptStep step, IEnumerable<string> offered) =>
        new($"{protocol}: the CLI offers no tool for {step.GetType().Name} (offered: {string.Join(", ", offered.Order(StringComparer.Ordinal))})");
}
