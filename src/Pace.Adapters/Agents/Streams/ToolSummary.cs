using System.Text.Json;

namespace Pace.Adapters.Agents.Streams;

/// <summary>Turns a tool's input into one short line: the command, the path, the pattern, whatever names the call best.</summary>
internal static class ToolSummary
{
    private static readonly string[] Preferred =
        ["command", "file_path", "path", "absolute_path", "notebook_path", "pattern", "url", "query", "description", "prompt"];

    public static string Of(JsonElement? input)
    {
        if (input is not { ValueKind: JsonValueKind.Object } value)
        {
            return input is { ValueKind: JsonValueKind.String } text ? Text.OneLine(text.GetString()) : "";
        }

        foreach (var name in Preferred)
        {
            if (value.String(name) is { Length: > 0 } preferred)
            {
                return Text.OneLine(preferred);
            }
        }

        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                return Text.OneLine(property.Value.GetString());
            }
        }

        return "";
    }
}
