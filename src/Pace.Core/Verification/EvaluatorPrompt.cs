using System.Globalization;
using System.Text;

namespace Pace.Core.Verification;

/// <summary>The prompt of the evaluator: the item, what Pace's checks found, the diff, and the exact answer wanted.</summary>
public static class EvaluatorPrompt
{
    /// <summary>The first line of every evaluator prompt.</summary>
    public const string Role = "Pace role: evaluator";

    /// <summary>
    /// <paramref name="diff"/> is the session's change (already redacted and cut); <paramref name="unreadable"/>,
    /// when the previous answer could not be read, says why, so the second answer can be right.
    /// </summary>
    public static string Build(EvaluatedItem item, EvaluatorEvidence evidence, string diff, string? unreadable = null)
    {
        var text = new StringBuilder();
        text.AppendLine(Role);
        if (unreadable is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Your previous answer could not be read ({unreadable}). Answer again, with the JSON object only.");
        }

        text.AppendLine();
        text.AppendLine("An AI coding agent has just worked on the item below in this repository, and Pace's own checks passed.");
        text.AppendLine("You are the independent evaluator: decide whether the change really does what the item asks.");
        text.AppendLine("Read the diff below and, if you need to, the files of the repository. Do not change any file and do not run anything that changes files: whatever you change is undone.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Item {item.Id}: {item.Description}");
        if (item.Steps.Count > 0)
        {
            text.AppendLine("Steps:");
            foreach (var step in item.Steps)
            {
                text.AppendLine("- " + step);
            }
        }

        text.AppendLine();
        text.AppendLine("What Pace's checks found:");
        foreach (var check in evidence.Checks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- check '{check.Name}' ({check.Command}): exit code {check.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}{Totals(check.Totals)}");
        }

        if (evidence.Baseline is { } before)
        {
            var after = evidence.Totals is null ? " none reported" : Totals(evidence.Totals);
            text.AppendLine(CultureInfo.InvariantCulture, $"- tests before the session:{Totals(before)}; after:{after}");
        }

        foreach (var note in evidence.Notes)
        {
            text.AppendLine("- " + note);
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"- the change: {evidence.Diff.FilesChanged} files, {evidence.Diff.Insertions} insertions, {evidence.Diff.Deletions} deletions");
        text.AppendLine();
        text.AppendLine("The change (git diff from the session's base, untracked files included):");
        text.AppendLine("```diff");
        text.AppendLine(diff.TrimEnd('\n'));
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("Answer with exactly one JSON object and nothing else, either");
        text.AppendLine("""{"verdict": "accept"}""");
        text.AppendLine("or");
        text.AppendLine("""{"verdict": "reject", "reasons": ["what is missing or wrong, one point per reason"]}""");
        text.AppendLine("Reject only for something concrete the item asks and the change does not do (or does wrong); each reason goes to the agent's next attempt.");
        return text.ToString();
    }

    private static string Totals(TestTotals? totals) =>
        totals is { } t ? string.Create(CultureInfo.InvariantCulture, $" {t.Passed} passed, {t.Failed} failed, {t.Skipped} skipped") : "";
}
