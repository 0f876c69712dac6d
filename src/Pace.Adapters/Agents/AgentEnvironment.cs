using System.Text.RegularExpressions;
using Pace.Core.Agents;

namespace Pace.Adapters.Agents;

/// <summary>The child's extra environment: the agent's configured variables (with ${NAME} expanded), then the request's.</summary>
internal static partial class AgentEnvironment
{
    public static Dictionary<string, string?> For(AgentSettings settings, AgentRequest request)
    {
        var merged = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in settings.Environment)
        {
            // Forge credentials reach no agent, even when pace.json asks for them (docs/secrets.md).
            if (!IsForgeCredential(name))
            {
                merged[name] = value is null ? null : Expand(value, request.Environment);
            }
        }

        foreach (var (name, value) in request.Environment)
        {
            merged[name] = value;
        }

        return merged;
    }

    /// <summary>The agent's configured variables as a child would get them with no request of its own.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Expanded(AgentSettings settings) =>
        settings.Environment.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value is null ? null : Expand(pair.Value, new Dictionary<string, string?>())));

    /// <summary>${NAME} takes the request's value if it has one, else Pace's own environment's, else nothing.</summary>
    private static string Expand(string value, IReadOnlyDictionary<string, string?> request) =>
        Reference().Replace(value, match =>
        {
            var name = match.Groups[1].Value;
            if (IsForgeCredential(name))
            {
                return "";
            }

            return (request.TryGetValue(name, out var given) ? given : Environment.GetEnvironmentVariable(name)) ?? "";
        });

    private static bool IsForgeCredential(string name) => Processes.ProcessRunner.ForgeCredentials.Contains(name, StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();
}
