using System.Text;
using System.Text.Json;
using Pace.Adapters.Processes;

namespace Pace.EndToEnd.Tests.Agents;

/// <summary>Starts a CLI in the sandbox's repository with a closed stdin and a time limit, and collects its stream.</summary>
internal static class AgentProcess
{
    public static async Task<AgentOutcome> RunAsync(
        string fileName, IReadOnlyList<string> arguments, Sandbox sandbox, IReadOnlyDictionary<string, string?> environment, TimeSpan limit)
    {
        var events = new List<JsonElement>();
        var other = new List<string>();
        var stderr = new StringBuilder();
        var spec = new ProcessSpec(fileName, arguments, sandbox.Repo) { Environment = environment, Timeout = limit };
        var result = await ProcessRunner.RunAsync(
            spec,
            line =>
            {
                lock (events)
                {
                    try
                    {
                        using var document = JsonDocument.Parse(line);
                        events.Add(document.RootElement.Clone());
                    }
                    catch (JsonException)
                    {
                        other.Add(line);
                    }
                }
            },
            line =>
            {
                lock (stderr)
                {
                    stderr.Append(line).Append('\n');
                }
            },
            TestContext.Current.CancellationToken);
        var outcome = new AgentOutcome(result, events, other, stderr.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)}\n{outcome}");
        return outcome;
    }
}
