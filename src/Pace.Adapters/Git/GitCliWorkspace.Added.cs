using System.Globalization;
using System.Text.RegularExpressions;
using Pace.Core.Git;

namespace Pace.Adapters.Git;

public sealed partial class GitCliWorkspace
{
    /// <summary>Read from a patch without context lines; each hunk's header says how many lines follow, so a line that looks like a header is never taken for one.</summary>
    public async Task<IReadOnlyList<AddedLine>> AddedLinesAsync(string baseCommit, CancellationToken cancellationToken)
    {
        var output = await WithWorkingIndexAsync(environment => _git.RunAsync(PatchArguments(baseCommit), cancellationToken, extra: environment), cancellationToken).ConfigureAwait(false);
        return ParseAddedLines(output.Stdout);
    }

    public async Task<string> DiffAsync(string baseCommit, CancellationToken cancellationToken)
    {
        var output = await WithWorkingIndexAsync(
            environment => _git.RunAsync(["-c", "core.quotePath=false", "diff-index", "--cached", "-p", "--no-renames", "--no-color", "--no-ext-diff", $"{baseCommit}^{{tree}}", "--"], cancellationToken, extra: environment),
            cancellationToken).ConfigureAwait(false);
        return output.Stdout;
    }

    /// <summary>The patch from <paramref name="baseCommit"/> to the (temporary) index, without context lines.</summary>
    private static string[] PatchArguments(string baseCommit) =>
        ["-c", "core.quotePath=false", "diff-index", "--cached", "-p", "-U0", "--no-renames", "--no-color", "--no-ext-diff", $"{baseCommit}^{{tree}}", "--"];

    internal static IReadOnlyList<AddedLine> ParseAddedLines(string patch)
    {
        var added = new List<AddedLine>();
        var lines = patch.Split('\n');
        string? path = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                path = null;
            }
            else if (line.StartsWith("+++ ", StringComparison.Ordinal) && path is null)
            {
                // git ends the name with a tab when it holds a space.
                path = line == "+++ /dev/null" ? null : Unquote(line[4..].TrimEnd('\t'))[2..];
            }
            else if (path is not null && Hunk().Match(line) is { Success: true } hunk)
            {
                var removed = Count(hunk.Groups[2]);
                var number = int.Parse(hunk.Groups[3].Value, CultureInfo.InvariantCulture);
                var count = Count(hunk.Groups[4]);
                i += removed;
                for (var k = 0; k < count && i + 1 < lines.Length; k++)
                {
                    var text = lines[++i];
                    if (text.StartsWith('\\'))
                    {
                        // "\ No newline at end of file" belongs to the line before.
                        k--;
                        continue;
                    }

                    added.Add(new AddedLine(path, number + k, text.Length > 0 ? text[1..] : ""));
                }
            }
        }

        return added;

        static int Count(Group group) => group.Success ? int.Parse(group.Value, CultureInfo.InvariantCulture) : 1;
    }

    /// <summary>A path git quoted because of special characters: "b/a\tb" becomes b/a&lt;tab&gt;b.</summary>
    private static string Unquote(string path) =>
        path.Length >= 2 && path[0] == '"' && path[^1] == '"'
            ? Regex.Unescape(path[1..^1])
            : path;

    [GeneratedRegex(@"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")]
    private static partial Regex Hunk();
}
