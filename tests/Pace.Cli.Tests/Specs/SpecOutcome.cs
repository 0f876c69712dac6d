using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pace.Cli.Tests.Specs;

/// <summary>
/// Everything a spec run leaves that must not depend on where it was killed: each commit reachable
/// from main (message and files with their blobs), the branches, the worktrees git knows, the state
/// file and the local forge's pull request records. What legitimately differs between two runs is
/// taken out: times (every field named *_at or at, last_check, last_updated, started, completed) and commit ids
/// (each repository's pace.json names its own agent scripts, so every commit id differs; the
/// commits themselves are compared by message and files), and pace.json itself.
/// </summary>
internal static partial class SpecOutcome
{
    public static string Of(SpecRepo repo)
    {
        var text = new StringBuilder();
        foreach (var commit in repo.Git("rev-list", "--reverse", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append("commit ").AppendLine(Shas().Replace(repo.Git("log", "-1", "--format=%B", commit), "<sha>"));
            foreach (var line in repo.Git("ls-tree", "-r", commit).Split('\n').Where(l => !l.EndsWith("\tpace.json", StringComparison.Ordinal)))
            {
                text.Append("  ").AppendLine(line);
            }
        }

        text.Append("branches: ").AppendLine(string.Join(", ", repo.Branches()));
        foreach (var line in repo.Git("worktree", "list", "--porcelain").Split('\n').Where(l => l.StartsWith("worktree ", StringComparison.Ordinal) || l.StartsWith("branch ", StringComparison.Ordinal)))
        {
            text.AppendLine(line.Replace(repo.Folder, "<repo>", StringComparison.Ordinal));
        }

        text.Append("status: ").AppendLine(repo.Git("status", "--porcelain"));
        text.Append("state: ").AppendLine(Normalise(File.ReadAllText(repo.StatePath), repo));
        var pulls = Path.Combine(repo.Folder, ".pace", "forge", "pulls");
        // The records only: a run killed in the middle of writing one leaves its temporary file
        // (.N.json.PID.ID.tmp, never read); the record itself is old or new, never torn.
        foreach (var file in Directory.Exists(pulls) ? Directory.GetFiles(pulls, "*.json").Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
        {
            text.Append(Path.GetFileName(file)).Append(": ").AppendLine(Normalise(File.ReadAllText(file), repo));
        }

        return text.ToString();
    }

    /// <summary>The JSON without time fields, with commit ids and durations replaced, indented the same way every time.</summary>
    private static string Normalise(string json, SpecRepo repo)
    {
        var node = JsonNode.Parse(json)!;
        DropTimes(node);
        var text = node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace(repo.Folder, "<repo>", StringComparison.Ordinal);
        return Shas().Replace(text, "<sha>");
    }

    private static void DropTimes(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).Where(IsTime).ToList())
                {
                    obj.Remove(key);
                }

                // Parallel tasks are recorded in the order they finished, which timing decides (a paused
                // task's slot may finish first after a restart); what matters is which tasks, not their order.
                foreach (var key in obj.Select(p => p.Key).Where(k => k is "passed_tasks" or "failed_tasks").ToList())
                {
                    obj[key] = new JsonArray([.. obj[key]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal).Select(t => (JsonNode?)JsonValue.Create(t))]);
                }

                foreach (var (_, child) in obj)
                {
                    DropTimes(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    DropTimes(child);
                }

                break;
        }
    }

    private static bool IsTime(string key) => key.EndsWith("_at", StringComparison.Ordinal) || key is "at" or "last_check" or "last_updated" or "started" or "completed";

    [GeneratedRegex("\\b[0-9a-f]{7,40}\\b")]
    private static partial Regex Shas();
}
