using System.Text.Json;
using Pace.Adapters.Git;

namespace Pace.Adapters.Tests.Support;

/// <summary>
/// A workspace whose git commands write git's own trace2 event stream to a file (through the child's
/// environment only), and the git commands that stream shows, in order (optionally those git starts itself).
/// </summary>
public sealed class TraceFile(TempGitRepo repo)
{
    public string Path { get; } = System.IO.Path.Combine(repo.Folder, $"trace2-{Guid.NewGuid():N}.jsonl");

    public GitCliWorkspace Workspace() =>
        new(repo.Root, new Dictionary<string, string?>(repo.Environment) { ["GIT_TRACE2_EVENT"] = Path });

    /// <summary>The git commands Pace started; with <paramref name="children"/>, those git started itself too.</summary>
    public IReadOnlyList<string> Commands(bool children = false)
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var commands = new List<string>();
        foreach (var line in File.ReadLines(Path))
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            if (root.GetProperty("event").GetString() == "cmd_name" && root.GetProperty("hierarchy").GetString() is { } hierarchy && (children || !hierarchy.Contains('/', StringComparison.Ordinal)))
            {
                commands.Add(root.GetProperty("name").GetString()!);
            }
        }

        return commands;
    }
}
