using System.Text.Json;
using Pace.EndToEnd.Tests.Agents;

namespace Pace.EndToEnd.Tests.Loop;

public sealed partial class PaceProject
{
    /// <summary>
    /// The run talked to the model API only, the secret never reached the server's log, and no file
    /// Pace wrote (state, journal, transcripts, check logs, evidence) or committed holds it.
    /// </summary>
    public async Task ShouldHaveKeptTheSecretAsync()
    {
        Server.ShouldHaveStayedOfflineAndQuiet(Sandbox.ApiKey);
        foreach (var file in Directory.EnumerateFiles(PathOf(".pace"), "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).ShouldNotContain(Sandbox.ApiKey, customMessage: file);
        }

        (await GitAsync("log", "-p", "--all")).ShouldNotContain(Sandbox.ApiKey);
    }

    /// <summary>The files a commit changed, sorted.</summary>
    public async Task<IReadOnlyList<string>> FilesOfAsync(string commit) =>
        (await GitAsync("show", "--format=", "--name-only", commit)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString() ?? "")];
}
