using System.Text.Json;
using Pace.Core.Agents;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Config;

public sealed partial class PaceConfigReader
{
    private Dictionary<string, AgentSettings> ReadAgents(JsonElement pace)
    {
        var agents = new Dictionary<string, AgentSettings>(StringComparer.Ordinal);
        if (!pace.TryGetProperty("agents", out var section) || !Expect(section, JsonValueKind.Object, "pace.agents"))
        {
            return agents;
        }

        foreach (var entry in section.EnumerateObject())
        {
            var at = $"pace.agents.{entry.Name}";
            if (!Expect(entry.Value, JsonValueKind.Object, at))
            {
                continue;
            }

            var type = String(entry.Value, "type", at) ?? entry.Name;
            AgentKind? kind = type switch
            {
                "claude" => AgentKind.Claude,
                "codex" => AgentKind.Codex,
                "gemini" => AgentKind.Gemini,
                "command" => AgentKind.Command,
                _ => null,
            };
            if (kind is null)
            {
                Error(at + ".type", $"unknown agent type \"{type}\"; use claude, codex, gemini or command");
                continue;
            }

            var prompt = String(entry.Value, "prompt", at) ?? "stdin";
            PromptDelivery? delivery = prompt switch { "stdin" => PromptDelivery.Stdin, "file" => PromptDelivery.File, "argument" => PromptDelivery.Argument, _ => null };
            if (delivery is null)
            {
                Error(at + ".prompt", $"\"prompt\" must be stdin, file or argument; found \"{prompt}\"");
                continue;
            }

            var command = String(entry.Value, "command", at);
            if (kind == AgentKind.Command && command is null)
            {
                Error(at, "a command agent needs \"command\": the program to run");
                continue;
            }

            agents[entry.Name] = new AgentSettings(entry.Name, kind.Value)
            {
                Executable = command,
                Arguments = StringList(entry.Value, "args", at) ?? [],
                Model = String(entry.Value, "model", at),
                Environment = ReadEnvironment(entry.Value, at),
                Prompt = delivery.Value,
            };
        }

        return agents;
    }

    private Dictionary<string, string?> ReadEnvironment(JsonElement agent, string at)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (agent.TryGetProperty("env", out var env) && Expect(env, JsonValueKind.Object, at + ".env"))
        {
            foreach (var variable in env.EnumerateObject())
            {
                if (variable.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null)
                {
                    environment[variable.Name] = variable.Value.GetString();
                }
                else
                {
                    Error($"{at}.env.{variable.Name}", "an environment value must be a string or null");
                }
            }
        }

        return environment;
    }

    private bool Expect(JsonElement value, JsonValueKind kind, string path)
    {
        if (value.ValueKind == kind)
        {
            return true;
        }

        Error(path, $"\"{path}\" must be {Describe(kind)}; found {Describe(value.ValueKind)}");
        return false;
    }

    private string? String(JsonElement parent, string name, string at) =>
        parent.TryGetProperty(name, out var value) && Expect(value, JsonValueKind.String, $"{at}.{name}") ? value.GetString() : null;

    private int? Int(JsonElement parent, string name, string at, int min)
    {
        if (!parent.TryGetProperty(name, out var value) || !Expect(value, JsonValueKind.Number, $"{at}.{name}"))
        {
            return null;
        }

        if (value.TryGetInt32(out var number) && number >= min)
        {
            return number;
        }

        Error($"{at}.{name}", $"\"{at}.{name}\" must be a whole number of at least {min}; found {value.GetRawText()}");
        return null;
    }

    private decimal? Decimal(JsonElement parent, string name, string at)
    {
        if (!parent.TryGetProperty(name, out var value) || !Expect(value, JsonValueKind.Number, $"{at}.{name}"))
        {
            return null;
        }

        if (value.TryGetDecimal(out var number) && number > 0)
        {
            return number;
        }

        Error($"{at}.{name}", $"\"{at}.{name}\" must be a positive number; found {value.GetRawText()}");
        return null;
    }

    private List<string>? StringList(JsonElement parent, string name, string at)
    {
        if (!parent.TryGetProperty(name, out var value) || !Expect(value, JsonValueKind.Array, $"{at}.{name}"))
        {
            return null;
        }

        var items = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (Expect(item, JsonValueKind.String, $"{at}.{name}[{i++}]"))
            {
                items.Add(item.GetString()!);
            }
        }

        return items;
    }

    private void Error(string path, string message) => _errors.Add(Diagnostic.Error(_path, _positions.Find(path), message));

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
