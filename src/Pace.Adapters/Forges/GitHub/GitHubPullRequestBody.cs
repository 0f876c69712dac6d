using System.Text;

namespace Pace.Adapters.Forges.GitHub;

/// <summary>The body of a wave's pull request: its tasks and, for each, the evidence Pace recorded.</summary>
public static class GitHubPullRequestBody
{
    public static string For(string summary, IReadOnlyList<WaveTaskSummary> tasks)
    {
        var body = new StringBuilder();
        body.Append(summary.Trim()).Append("\n\n## Tasks\n\n");
        foreach (var task in tasks)
        {
            body.Append("- **").Append(task.Id).Append("** ").Append(OneLine(task.Description)).Append('\n');
            foreach (var line in task.Evidence.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                body.Append("  - ").Append(line.Trim()).Append('\n');
            }
        }

        return body.Append("\nOpened by Pace; the evidence above is Pace's own verification, not the agent's claim.\n").ToString();
    }

    private static string OneLine(string text) => text.Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ').Trim();
}
