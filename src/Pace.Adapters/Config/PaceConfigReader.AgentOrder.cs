using System.Text.Json;
using Pace.Core.Agents;

namespace Pace.Adapters.Config;

public sealed partial class PaceConfigReader
{
    /// <summary>
    /// pace.agent: one name, or a list of names in order: the first does the work, the others take the
    /// sessions while the ones before them are paused by a usage window (docs/agents.md).
    /// </summary>
    private (string? First, List<string> Fallbacks) ReadAgentOrder(JsonElement pace, IReadOnlyDictionary<string, AgentSettings> agents)
    {
        if (!pace.TryGetProperty("agent", out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return (String(pace, "agent", "pace"), []);
        }

        var names = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var at = $"pace.agent[{i++}]";
            if (!Expect(item, JsonValueKind.String, at))
            {
                continue;
            }

            var name = item.GetString()!;
            if (names.Contains(name))
            {
                Error(at, $"\"{at}\": agent \"{name}\" is listed twice");
            }
            else if (!agents.ContainsKey(name) && name is not ("claude" or "codex" or "gemini"))
            {
                Error(at, $"\"{at}\": no agent named \"{name}\": configure it under pace.agents, or use claude, codex or gemini");
            }
            else
            {
                names.Add(name);
            }
        }

        if (i == 0)
        {
            Error("pace.agent", "\"pace.agent\" lists no agent: name one, or list them in order");
        }

        return names.Count == 0 ? (null, []) : (names[0], names[1..]);
    }
}
