using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Faults;

/// <summary>
/// Everything a run leaves that must not depend on where it was killed: every commit (subject,
/// files and blobs, the bookkeeping with dates normalised), the branch HEAD is on, every ref but
/// the interrupted-work refs (which a crash during a session rightly adds), the attempt refs'
/// trees, the working files Pace keeps, the worktrees (the proof's temporary ones gone), and the
/// finished run's counters.
/// </summary>
internal static partial class Outcome
{
    private static readonly string[] Bookkeeping = ["feature_list.json", "progress.txt"];

    public static string Of(LoopProject project, JsonElement runState)
    {
        var text = new StringBuilder();
        text.Append("HEAD -> ").AppendLine(project.Git("symbolic-ref", "HEAD").Trim());
        foreach (var commit in project.Git("rev-list", "--reverse", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append("commit ").AppendLine(project.Git("log", "-1", "--format=%s", commit).Trim());
            Files(project, commit, text);
        }

        foreach (var line in project.Git("for-each-ref", "--format=%(refname)").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("refs/pace/interrupted/", StringComparison.Ordinal) || line.StartsWith("refs/pace/dropped/", StringComparison.Ordinal))
            {
                continue;
            }

            text.Append("ref ").AppendLine(line);
            if (line.StartsWith("refs/pace/", StringComparison.Ordinal))
            {
                Files(project, line, text);
            }
        }

        text.Append("status: ").AppendLine(project.Git("status", "--porcelain").Trim());
        // The proof's temporary worktrees (red, then green) never outlive a run, killed or not.
        text.Append("worktrees: ").AppendLine(project.Git("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var proofTrees = Path.Combine(project.Folder, ".git", "pace-proof");
        text.Append("proof trees: ").AppendLine(Directory.Exists(proofTrees) ? string.Join(", ", Directory.EnumerateFileSystemEntries(proofTrees).Select(Path.GetFileName)) : "");
        foreach (var path in Bookkeeping)
        {
            text.Append(path).Append(": ").AppendLine(Normalise(project.Read(path)));
        }

        foreach (var counter in new[] { "lastSession", "sessionsRun", "featuresCompleted", "consecutiveFailures", "finished", "stopReason", "baseline" })
        {
            text.Append(counter).Append(": ").AppendLine(runState.TryGetProperty(counter, out var value) ? value.GetRawText() : "-");
        }

        return text.ToString();
    }

    /// <summary>The files of a commit; those whose bytes differ between two test projects (dates, the agent's path) by content, normalised.</summary>
    private static void Files(LoopProject project, string commit, StringBuilder text)
    {
        foreach (var line in project.Git("ls-tree", "-r", commit).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = line[(line.IndexOf('\t') + 1)..];
            var content = Bookkeeping.Contains(path) || path == "pace.json"
                ? Normalise(project.Git("show", $"{commit}:{path}")).Replace(project.AgentFolder, "<agent>", StringComparison.Ordinal)
                : null;
            text.AppendLine(content is null ? "  " + line : $"  {path}: {content}");
        }
    }

    public static JsonElement State(LoopProject project)
    {
        using var document = JsonDocument.Parse(project.Read(".pace/run/state.json"));
        return document.RootElement.Clone();
    }

    public static string Normalise(string text) => Dates().Replace(text, "<date>");

    [GeneratedRegex("\"last_updated\": \"[^\"]*\"|\\*\\*Date:\\*\\* .*")]
    private static partial Regex Dates();
}
